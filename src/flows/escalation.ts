import type { Clock } from '../clock.ts';
import type { EscalationTiming, Settings } from '../config-schema.ts';
import type { Logger } from '../logger.ts';
import { nextWorkingTime } from '../schedule/working-hours.ts';
import { slackErrorCode, surelyNotPerformed, type SlackPort } from '../slack/port.ts';
import type { Db } from '../store/db.ts';
import { addEvent, claimDue, getRequest, updateRequest, type RequestRow } from '../store/requests.ts';
import { formatUtc } from '../time-format.ts';
import { yieldToIo } from '../yield.ts';
import { channelEscalationMessage, managerEscalationMessage, reminderMessage, type RequestSummary } from '../../views/requests.ts';
import type { Directory } from './directory.ts';
import type { RequestKinds } from './request-kinds.ts';

export interface EscalationDeps {
  db: Db;
  slack: SlackPort;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  directory: Directory;
  kinds: RequestKinds;
}

export interface SweepResult {
  asked: number;
  reminded: number;
  escalatedToManager: number;
  escalatedToChannel: number;
  failed: number;
}

const LEASE_MS = 5 * 60_000;
const RETRY_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 6 * 60 * 60_000];

const HOUR_MS = 3_600_000;
/** Kinds that must move faster than the default 48 h / 7 d; `escalation.kinds` in the config still wins. */
const KIND_DEFAULTS: Record<string, Partial<EscalationTiming>> = {
  'offboarding-step': { remindAfter: 4 * HOUR_MS, remindEvery: 4 * HOUR_MS, escalateAfter: 24 * HOUR_MS, channelAfter: 36 * HOUR_MS },
};

/**
 * Kinds whose natural rhythm is not the default: offboarding is tighter; a follow-up action has
 * weeks, so it is first chased at its due date. The config's `escalation.kinds` still wins.
 */
function kindDefaults(settings: Settings, kind: string): Partial<EscalationTiming> {
  if (kind === 'incident-follow-up') {
    const due = settings.incidents.followUpDue;
    return { remindAfter: due, escalateAfter: due + 7 * 86_400_000, channelAfter: due + 10 * 86_400_000 };
  }
  return KIND_DEFAULTS[kind] ?? {};
}

export function timingFor(settings: Settings, kind: string): EscalationTiming {
  return { ...settings.escalation.default, ...kindDefaults(settings, kind), ...settings.escalation.kinds[kind] };
}

/** A request's own timing: its kind may derive it from the request (a checklist step's due time). */
function timingOf(deps: EscalationDeps, request: RequestRow): EscalationTiming {
  const base = timingFor(deps.settings, request.kind);
  const kind = deps.kinds.has(request.kind) ? deps.kinds.get(request.kind) : undefined;
  return kind?.timing ? kind.timing(request, base) : base;
}

/**
 * One pass of the request engine: claims every due request and takes its next step: the first
 * DM, a reminder, escalation to the manager, then to the compliance channel. A step whose time
 * passed while the bot was down fires once, not once per missed interval. Each request gets at
 * most one step per sweep, so a timer that stays due (a bad time, a bug) waits for the next sweep
 * instead of spinning this one.
 */
export async function sweep(deps: EscalationDeps, options: { batch?: number; concurrency?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { asked: 0, reminded: 0, escalatedToManager: 0, escalatedToChannel: 0, failed: 0 };
  const batchSize = options.batch ?? 200;
  const concurrency = options.concurrency ?? 8;
  const stepped = new Set<string>();
  for (;;) {
    const batch = claimDue(deps.db, deps.clock.now(), LEASE_MS, batchSize, stepped);
    if (batch.length === 0) return result;
    for (const request of batch) stepped.add(request.id);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) await step(deps, batch[next++]!, result);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    // Steps that need no Slack call settle in microtasks: let an incoming request (and /healthz) in between batches.
    await yieldToIo();
  }
}

async function step(deps: EscalationDeps, request: RequestRow, result: SweepResult): Promise<void> {
  const { db, clock, logger } = deps;
  try {
    if (!request.asked_at) await ask(deps, request, result);
    else await chase(deps, request, result);
  } catch (error) {
    result.failed += 1;
    const code = slackErrorCode(error);
    const retryAt = new Date(clock.now().getTime() + RETRY_MS[Math.min(request.attempts, RETRY_MS.length - 1)]!);
    db.transaction(() => {
      addEvent(db, request.id, 'failed', clock.now().toISOString(), failureDetail(error, code, retryAt));
      updateRequest(db, request.id, { attempts: request.attempts + 1, next_action_at: retryAt.toISOString() });
    })();
    logger.warn('request step failed; will retry', { requestId: request.id, kind: request.kind, error: code, retryAt: retryAt.toISOString() });
  }
}

/** What the request's history (and so the artifact) says about a step Slack did not take, or did not confirm. */
function failureDetail(error: unknown, code: string, retryAt: Date): string {
  if (surelyNotPerformed(error)) return `Slack refused the message (${code}); retrying at ${formatUtc(retryAt)}`;
  return `Slack did not confirm the message (${code}); it may have arrived; trying again at ${formatUtc(retryAt)}`;
}

async function ask(deps: EscalationDeps, request: RequestRow, result: SweepResult): Promise<void> {
  const { db, slack, clock, kinds } = deps;
  const kind = kinds.get(request.kind);
  const later = kind.deferUntil?.(request, clock.now()) ?? null;
  if (later && later.getTime() > clock.now().getTime()) {
    updateRequest(db, request.id, { next_action_at: later.toISOString() });
    return;
  }
  if (kind.prepare) await kind.prepare(request);
  // Whoever is asked will sign: their name, email and zone must be known before they answer,
  // because the signature is recorded before the ack, with no time to ask Slack then.
  await deps.directory.person(request.assignee).catch((error: unknown) => deps.logger.warn('could not look up the assignee', { user: request.assignee }, error));
  const message = kind.askMessage(getRequest(db, request.id) ?? request);
  const sent = await slack.postMessage(request.assignee, message);
  const now = clock.now();
  const timing = timingOf(deps, { ...request, asked_at: now.toISOString() });
  const firstReminder = await workingTimeFor(deps, request.assignee, new Date(now.getTime() + timing.remindAfter));
  db.transaction(() => {
    addEvent(db, request.id, 'asked', now.toISOString(), `DM sent to <@${request.assignee}>`);
    updateRequest(db, request.id, { asked_at: now.toISOString(), dm_channel: sent.channel, dm_ts: sent.ts, attempts: 0, next_action_at: firstReminder.toISOString() });
  })();
  result.asked += 1;
}

async function chase(deps: EscalationDeps, request: RequestRow, result: SweepResult): Promise<void> {
  const { slack, clock, directory, kinds } = deps;
  const timing = timingOf(deps, request);
  const nowMs = clock.now().getTime();
  const askedAt = new Date(request.asked_at!).getTime();
  const escalateAt = askedAt + timing.escalateAfter;
  const channelAt = askedAt + timing.channelAfter;
  const summary = summarize(request);
  const later: number[] = [];
  // Each step is saved as soon as its message is out: if a later step fails, the retry does
  // not send the earlier one again.
  const persist = (fields: Partial<RequestRow>, what: 'reminded' | 'escalated', detail: string): void =>
    deps.db.transaction(() => {
      updateRequest(deps.db, request.id, fields);
      addEvent(deps.db, request.id, what, clock.now().toISOString(), detail);
    })();

  // Reminders stop once the manager has been asked; overdue ones collapse into one.
  if (!request.manager_escalated_at) {
    const reminderDue = request.last_reminded_at ? new Date(request.last_reminded_at).getTime() + timing.remindEvery : askedAt + timing.remindAfter;
    if (reminderDue > nowMs) later.push(reminderDue);
    else {
      const inHours = (await workingTimeFor(deps, request.assignee, clock.now())).getTime();
      if (inHours > nowMs) later.push(inHours);
      else {
        await slack.postMessage(request.assignee, reminderMessage(summary, kinds.get(request.kind).buttonLabel));
        summary.reminders += 1;
        persist({ last_reminded_at: clock.now().toISOString(), reminders: summary.reminders }, 'reminded', `reminder ${summary.reminders} sent to <@${request.assignee}>`);
        result.reminded += 1;
        later.push(nowMs + timing.remindEvery);
      }
    }
  }

  const manager = directory.managerOf(request.assignee);
  let managerDone = Boolean(request.manager_escalated_at);
  let channelDone = Boolean(request.channel_escalated_at);
  if (!managerDone) {
    const inHours = manager && nowMs >= escalateAt ? (await workingTimeFor(deps, manager, clock.now())).getTime() : nowMs;
    if (nowMs < escalateAt) later.push(escalateAt);
    else if (inHours > nowMs) later.push(inHours);
    else if (manager) {
      await slack.postMessage(manager, managerEscalationMessage(summary));
      persist({ manager_escalated_at: clock.now().toISOString(), state: 'escalated', escalated_to: manager }, 'escalated', `escalated to manager <@${manager}>`);
      result.escalatedToManager += 1;
      managerDone = true;
    } else {
      persist({ manager_escalated_at: clock.now().toISOString(), state: 'escalated' }, 'escalated', `no manager on record for <@${request.assignee}>; going to the compliance channel`);
      managerDone = true;
      await escalateToChannel(deps, request, summary, null, result);
      channelDone = true;
    }
  }
  if (managerDone && !channelDone) {
    if (nowMs < channelAt) later.push(channelAt);
    else await escalateToChannel(deps, request, summary, manager, result);
  }

  const next = later.filter((at) => at > nowMs).sort((a, b) => a - b)[0];
  updateRequest(deps.db, request.id, { attempts: 0, next_action_at: next === undefined ? null : new Date(next).toISOString() });
}

async function escalateToChannel(deps: EscalationDeps, request: RequestRow, summary: RequestSummary, manager: string | null, result: SweepResult): Promise<void> {
  const { db, clock, settings } = deps;
  const channel = settings.complianceChannel;
  let detail = 'no compliance channel configured; the request stays overdue in /evidence status';
  if (channel) {
    await deps.slack.postMessage(channel, channelEscalationMessage(summary, manager));
    detail = `escalated to the compliance channel <#${channel}>`;
    result.escalatedToChannel += 1;
  } else {
    deps.logger.warn('cannot escalate to the compliance channel: none configured', { requestId: request.id });
  }
  db.transaction(() => {
    updateRequest(db, request.id, { channel_escalated_at: clock.now().toISOString(), state: 'escalated' });
    addEvent(db, request.id, 'escalated', clock.now().toISOString(), detail);
  })();
}

async function workingTimeFor(deps: EscalationDeps, userId: string, at: Date): Promise<Date> {
  if (!deps.settings.workingHours.enabled) return at;
  const person = deps.directory.cached(userId) ?? (await deps.directory.person(userId).catch(() => null));
  return nextWorkingTime(at, person?.tz ?? deps.settings.timezone, deps.settings.workingHours);
}

export function summarize(request: RequestRow): RequestSummary {
  return { id: request.id, title: request.title, assignee: request.assignee, askedAt: request.asked_at, createdAt: request.created_at, reminders: request.reminders };
}

