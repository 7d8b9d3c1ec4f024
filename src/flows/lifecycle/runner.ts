import { checklistsDue, checklistsToDiscover, openChecklists, stepsOf } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { assignAcknowledgments, lookUpPendingHires, personJoined, syncAcknowledgmentSteps } from './acknowledgments.ts';
import { discoverAccess } from './discovery.ts';
import { syncMessages } from './message.ts';
import { verifyOffboarding } from './verify.ts';

export interface LifecycleResult {
  discovered: number;
  verified: number;
  messages: number;
}

/**
 * The checklists' own beat, after any change and on every tick: acknowledgments signed, new hires
 * found in Slack, leavers' systems listed, checks due run, and channel messages brought up to
 * date. Every piece is driven by rows, so a restart resumes where it stopped.
 */
async function runOnce(deps: FlowDeps): Promise<LifecycleResult> {
  const { db, clock, logger } = deps;
  const result: LifecycleResult = { discovered: 0, verified: 0, messages: 0 };
  const guard = async (what: string, checklistId: string, work: () => Promise<unknown>): Promise<void> => {
    await work().catch((error: unknown) => logger.error(`checklist ${what} failed; the next pass retries`, { checklistId }, error));
  };
  syncAcknowledgmentSteps(deps);
  for (const checklist of openChecklists(db, 'onboarding')) {
    if (checklist.person_slack_id && stepsOf(db, checklist.id).some((step) => step.kind === 'acknowledgments' && step.state === 'waiting')) {
      await guard('acknowledgment assignment', checklist.id, () => assignAcknowledgments(deps, checklist.id));
    }
  }
  await lookUpPendingHires(deps, checklistsDue(db, 'next_lookup_at', clock.now().toISOString()));
  for (const checklist of checklistsToDiscover(db)) {
    await guard('listing of systems', checklist.id, async () => {
      await discoverAccess(deps, checklist.id);
      result.discovered += 1;
    });
  }
  for (const checklist of checklistsDue(db, 'verify_at', clock.now().toISOString())) {
    await guard('offboarding check', checklist.id, async () => {
      if (await verifyOffboarding(deps, checklist.id)) result.verified += 1;
    });
  }
  result.messages = await syncMessages(deps);
  return result;
}

/** Runs the lifecycle pass one at a time; a call during a run queues one more run, shared by every caller meanwhile. */
export class LifecycleRunner {
  private queued: Promise<LifecycleResult> | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: FlowDeps) {}

  run(): Promise<LifecycleResult> {
    if (this.queued) return this.queued;
    const next = this.tail.then(() => {
      this.queued = null;
      return runOnce(this.deps);
    });
    this.queued = next;
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** A workspace member joined: if they are a new hire waiting for Slack, their checklist moves on. */
  async memberJoined(slackId: string): Promise<string[]> {
    const person = await this.deps.directory.person(slackId);
    if (!person?.email || !person.active) return [];
    const checklists = await personJoined(this.deps, slackId, person.email);
    if (checklists.length > 0) void this.run().catch(() => undefined);
    return checklists;
  }
}
