import type { Clock } from './clock.ts';
import type { Settings, SystemConfig } from './config-schema.ts';
import { ConnectorError, type Connector } from './connectors/types.ts';
import { DomainError } from './errors.ts';
import { accessReviewKind } from './flows/access-review/kind.ts';
import { reviewCron } from './flows/access-review/model.ts';
import { checkRevocations } from './flows/access-review/revocation-check.ts';
import { revocationKind } from './flows/access-review/revocations.ts';
import { startReview } from './flows/access-review/start.ts';
import { createDrafter, type Drafter } from './drafter/index.ts';
import { recordIncidentEvent } from './flows/incidents/capture.ts';
import { followUpKind } from './flows/incidents/follow-ups.ts';
import { postmortemKind } from './flows/incidents/postmortem.ts';
import { resolutionKind } from './flows/incidents/resolution.ts';
import { syncPendingIncidents } from './flows/incidents/sync.ts';
import type { IncidentEvent } from './webhooks/incident-event.ts';
import { incidentWebhook } from './webhooks/incident-webhook.ts';
import type { WebhookHandler } from './webhooks/registry.ts';
import { createEvidence } from './evidence/evidence.ts';
import type { Renderer } from './evidence/pdf/render-pool.ts';
import type { Sink } from './evidence/sinks/types.ts';
import type { UploaderOptions } from './evidence/uploader.ts';
import type { Logger } from './logger.ts';
import type { SlackPort } from './slack/port.ts';
import type { Db } from './store/db.ts';
import { GroupCommit } from './store/group-commit.ts';
import { durable } from './store/durable.ts';
import { startAcknowledgments } from './flows/acknowledgments/campaign.ts';
import { acknowledgmentKind } from './flows/acknowledgments/kind.ts';
import { periodFor } from './flows/acknowledgments/model.ts';
import type { FlowDeps } from './flows/deps.ts';
import { Directory } from './flows/directory.ts';
import { sweep, type SweepResult } from './flows/escalation.ts';
import { RequestKinds } from './flows/request-kinds.ts';
import { Scheduler } from './flows/scheduler.ts';
import { Background } from './flows/background.ts';
import { Traffic } from './flows/traffic.ts';
import { yieldToIo } from './yield.ts';
import { sendReceipt } from './flows/requests.ts';
import { buildStatus, type StatusReport } from './flows/status.ts';
import { postGapDigest } from './audit/slack.ts';
import { recentSummary } from './flows/recent-summary.ts';
import { checklistStepKind } from './flows/lifecycle/kind.ts';
import type { HrEvent } from './flows/lifecycle/model.ts';
import { receiveHrEvent } from './flows/lifecycle/receive.ts';
import { LifecycleRunner } from './flows/lifecycle/runner.ts';

export interface ServicesInput {
  db: Db;
  sink: Sink;
  slack: SlackPort;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  uploader?: UploaderOptions;
  sweepConcurrency?: number;
  render?: Renderer;
  /** Builds a system's account source (the connector registry in production, fixtures in tests). */
  connectors?: (system: SystemConfig) => Connector;
  /** The postmortem drafter; the template (no model) unless given. */
  drafter?: Drafter;
  pagerDutyEmail?: ((pagerDutyUserId: string) => Promise<string | null>) | null;
  /** Webhook secrets from the environment; a source without one answers 503. */
  webhookSecrets?: { pagerduty?: string[]; sentry?: string[]; incident?: string[] };
  /** Real elapsed milliseconds, by which a status report's cost is judged (tests pass their own). */
  monotonicMs?: () => number;
}

const noConnectors = (system: SystemConfig): Connector => {
  throw new ConnectorError(system.id, 'no connector is available in this process');
};

export interface TickResult {
  schedules: string[];
  sweep: SweepResult;
  filed: number;
  uploaded: number;
}

/** The composition root of the flows: ports in, every flow wired, one `tick` to drive time. */
export function createServices(input: ServicesInput) {
  const { db, sink, slack, clock, logger, settings } = input;
  const directory = new Directory({ db, slack, clock, managers: settings.managers });
  const traffic = new Traffic();
  // Between batches of filing, a lull in Slack traffic (or a quarter of a second at most): during
  // a burst of signatures acks come first, and filing still moves.
  const evidence = createEvidence({ db, sink, clock, logger, settings, uploader: input.uploader, render: input.render, pause: () => traffic.quiet(25, 250) });
  const kinds = new RequestKinds();
  const deps: FlowDeps = { db, writer: new GroupCommit(db), slack, clock, logger, settings, directory, evidence, kinds, connectors: input.connectors ?? noConnectors, drafter: input.drafter ?? createDrafter({ model: settings.incidents.model, logger }), pagerDutyEmail: input.pagerDutyEmail ?? null };
  kinds.register(acknowledgmentKind(deps));
  kinds.register(accessReviewKind(deps));
  kinds.register(revocationKind(deps));
  kinds.register(resolutionKind(deps));
  kinds.register(postmortemKind(deps));
  kinds.register(followUpKind(deps));
  kinds.register(checklistStepKind(deps, 'onboarding'));
  kinds.register(checklistStepKind(deps, 'offboarding'));
  const lifecycle = new LifecycleRunner(deps);

  const scheduler = new Scheduler({ db, clock, logger });
  scheduler.register({
    name: 'ledger checkpoint',
    cron: settings.evidence.checkpointCron,
    timezone: 'UTC',
    controls: [],
    run: async () => {
      evidence.checkpoint();
    },
  });
  if (settings.policies.length > 0 || settings.acknowledgments.training) {
    scheduler.register({
      name: 'policy acknowledgments',
      cron: settings.acknowledgments.schedule,
      timezone: settings.timezone,
      controls: settings.acknowledgments.controls,
      run: async (at) => {
        await startAcknowledgments(deps, { period: periodFor(at, settings.timezone), reason: 'annual acknowledgment campaign' });
      },
    });
  }

  const receipts = new Set<string>();
  // Work after an ack runs in two queues: the evidence (render, ledger, upload) and the Slack
  // messages (incident posts, receipts). Apart, so a Slack outage never holds a signature back
  // from the ledger and the sink.
  const filing = new Background(async () => void (await evidence.flush()), logger, traffic);
  const background = new Background(async () => {
    await syncPendingIncidents(deps);
    for (const requestId of [...receipts]) {
      receipts.delete(requestId);
      await sendReceipt(deps, requestId);
    }
  }, logger, traffic);

  for (const system of settings.systems) {
    if (!system.connector) continue;
    scheduler.register({
      name: `access review: ${system.id}`,
      cron: reviewCron(system),
      timezone: settings.timezone,
      controls: system.controls,
      run: async () => {
        try {
          await startReview(deps, { systemId: system.id, startedBy: 'schedule' });
        } catch (error) {
          // Started by hand earlier in the period: the schedule has nothing left to do.
          if (error instanceof DomainError && error.code === 'review_exists') return logger.info('scheduled access review already exists', { system: system.id });
          throw error;
        }
      },
    });
  }
  if (settings.systems.length > 0) {
    scheduler.register({ name: 'revocation check', cron: settings.accessReviews.revocationCheck, timezone: 'UTC', controls: [], run: async () => void (await checkRevocations(deps)) });
  }
  if (settings.complianceChannel) {
    scheduler.register({ name: 'gap digest', cron: settings.audit.digest, timezone: settings.timezone, controls: [], run: async () => void (await postGapDigest(deps)) });
  }

  let chasing: Promise<{ schedules: string[]; sweep: SweepResult }> | null = null;
  const ticks = new Set<Promise<TickResult>>();
  /**
   * One beat of the bot: due collections, incident posts and request timers (the Slack work),
   * and, alongside, filing and uploading. Each side runs one at a time, and neither waits for
   * the other: a Slack outage does not hold evidence back, and the backlog after a burst of
   * signatures does not hold back the next minute's reminders.
   */
  const tick = (): Promise<TickResult> => {
    const filing = evidence.flush();
    chasing ??= (async () => {
      const schedules = await scheduler.runDue();
      await syncPendingIncidents(deps);
      await lifecycle.run().catch((error: unknown) => logger.error('checklist work failed; the next tick retries', error));
      return { schedules, sweep: await sweep(deps, { concurrency: input.sweepConcurrency }) };
    })().finally(() => {
      chasing = null;
    });
    const chased = chasing;
    const beat = Promise.all([filing, chased]).then(async ([before, { schedules, sweep: swept }]) => {
      // What the collections queued (snapshots, checkpoints).
      const after = await evidence.flush();
      // The minute turned and timer steps were written: the status report is out of date, and is
      // drawn again in the next lull rather than by the first status request of a quiet minute.
      statusReport.written();
      return { schedules, sweep: swept, filed: before.filed.length + after.filed.length, uploaded: before.drained.uploaded + after.drained.uploaded };
    });
    ticks.add(beat);
    const forget = (): void => void ticks.delete(beat);
    beat.then(forget, forget);
    return beat;
  };

  // A status report is reused while nothing is written (a signature, a filed artifact, a timer
  // step: SQLite's total_changes() moves) and the minute stays (overdue is judged by the clock).
  // Each of these asks for it to be drawn again in the next lull (`written()`, below and in tick).
  // After a change, a report that costs little is drawn again at once; at scale (thousands of
  // people, a year of obligations: tens of ms) the last one answers while the new one is drawn
  // in the next lull of Slack traffic, so a burst of status requests never waits for it.
  // Requests that arrive together share one computation.
  const statusReport = recentSummary(db, clock, 30_000, (control) => buildStatus({ db, clock, settings, upcoming: scheduler.upcoming() }, control || undefined), {
    whenQuiet: (maxWaitMs) => traffic.quiet(25, maxWaitMs, false),
    ...(input.monotonicMs ? { monotonicMs: input.monotonicMs } : {}),
  });
  // A filed artifact changes the report too ("last artifact"): the next lull redraws it, as after a signature.
  evidence.pipeline.onCommit(() => statusReport.written());
  const drawing = new Map<string, Promise<StatusReport>>();
  const sharedStatus = (control?: string): Promise<StatusReport> => {
    const key = control ?? '';
    const pending = drawing.get(key);
    if (pending) return pending;
    const report = yieldToIo().then(() => statusReport(key));
    drawing.set(key, report);
    const forget = (): void => void drawing.delete(key);
    report.then(forget, forget);
    return report;
  };

  return {
    deps,
    sharedStatus,
    /** Resolves once a status report waiting for a lull has been drawn (see RecentSummary.redrawn). */
    statusRedrawn: () => statusReport.redrawn(),
    scheduler,
    tick,
    background,
    traffic,
    /** Resolves when no tick and no background filing is running: before closing the database. */
    settle: async (): Promise<void> => {
      while (ticks.size > 0) await Promise.allSettled([...ticks]);
      await lifecycle.run().catch(() => undefined);
      await background.idle();
      await filing.idle();
    },
    /** An incident was recorded or moved on: find its on-call and post it, after the webhook or modal is answered. */
    incidentChanged: (): void => background.kick(),
    /** The handlers behind /webhooks/pagerduty, /webhooks/sentry and /webhooks/incident. */
    webhookHandlers: (): Record<string, WebhookHandler> => {
      const onEvent = async (event: IncidentEvent) => {
        const { outcome } = recordIncidentEvent(deps, event);
        // A 200 tells the provider not to send it again: it must be on disk first.
        await durable(db);
        if (outcome === 'recorded') background.kick();
        return outcome;
      };
      const secrets = input.webhookSecrets ?? {};
      const now = () => clock.now();
      return {
        pagerduty: incidentWebhook('pagerduty', { secrets: secrets.pagerduty, now, onEvent, logger }),
        sentry: incidentWebhook('sentry', { secrets: secrets.sentry, now, onEvent, logger }),
        incident: incidentWebhook('generic', { secrets: secrets.incident, now, onEvent, logger }),
      };
    },
    /** A request was just signed (and its artifact queued): file it and send the receipt, after the ack. */
    answered: (requestId: string): void => {
      // The report is drawn again in the next lull, not by the next burst of status requests.
      statusReport.written();
      receipts.add(requestId);
      filing.kick();
      background.kick();
    },
    /** Onboarding and offboarding: HR events in, checklist work after any change (coalesced, off the ack path). */
    lifecycle: {
      receive: async (event: HrEvent) => {
        const result = await receiveHrEvent(deps, event);
        // The HR system is answered 200 only once the event is on disk.
        await durable(db);
        if (result.status === 'handled') void tick().catch((error: unknown) => logger.error('tick after an HR event failed', error));
        return result;
      },
      kick: (): void => void lifecycle.run().then(() => background.kick(), (error: unknown) => logger.error('checklist work failed', error)),
      memberJoined: (slackId: string) => lifecycle.memberJoined(slackId),
    },
    /** The status report drawn afresh, without reuse: what the benchmark times. */
    status: (control?: string): StatusReport => buildStatus({ db, clock, settings, upcoming: scheduler.upcoming() }, control),
  };
}

export type Services = ReturnType<typeof createServices>;
