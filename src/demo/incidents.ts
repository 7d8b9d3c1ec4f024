import type { DemoContext } from './context.ts';
import type { DemoIncidentActors, DemoPagerDuty, DemoSentry } from './incident-actors.ts';

const INCIDENT = { id: 'Q1W2E3R4', number: 4182, title: 'Checkout API returning 502s', service: 'checkout-api', assignee: { id: 'PELI001', name: 'Eli Okafor' } };

/**
 * February: PagerDuty pages Eli about checkout 502s. The signed webhooks are answered at once;
 * a day later Eli is asked for the resolution, answers after his reminder, and hands Dana a
 * follow-up, which she marks done.
 */
export async function pagerDutyIncident(demo: DemoContext, pagerDuty: DemoPagerDuty, people: DemoIncidentActors): Promise<void> {
  const { say, passHours, clock } = demo;
  await passHours(Math.ceil((new Date('2026-02-10T14:00:00.000Z').getTime() - clock.now().getTime()) / 3_600_000));
  // The page went out two minutes before the webhook reached the bot; resolved fifty minutes later.
  const firedAt = new Date(clock.now().getTime() - 2 * 60_000).toISOString();
  const resolvedAt = new Date(new Date(firedAt).getTime() + 50 * 60_000).toISOString();
  const triggered = await pagerDuty.send({ id: 'a1c3e5f7-0001', type: 'incident.triggered', at: firedAt, incident: INCIDENT });
  say(`PagerDuty: PD-4182 "Checkout API returning 502s" triggered, assigned to Eli. Webhook answered ${triggered}; the bot posts it in #incidents.`);
  const duplicate = await pagerDuty.send({ id: 'a1c3e5f7-0001', type: 'incident.triggered', at: firedAt, incident: INCIDENT });
  say(`PagerDuty redelivers the same event (answered ${duplicate}); nothing changes.`);
  await passHours(1);
  await pagerDuty.send({ id: 'a1c3e5f7-0002', type: 'incident.resolved', at: resolvedAt, incident: INCIDENT });
  say('PagerDuty: PD-4182 resolved.');
  await passHours(24);
  await passHours(48);
  say('Eli writes the resolution after his reminder, with a follow-up for Dana.');
  await people.writeResolution('U0DEMOENG1', {
    narrative: 'Rolled back the morning deploy of checkout-api; the error rate was back to baseline fifty minutes after the page.',
    rootCause: 'The deploy lowered the database connection pool from 50 to 5.',
    impact: 'partial',
    impactDetails: 'About 18% of checkout attempts failed for 50 minutes.',
    detectedAt: firedAt,
    resolvedAt,
    followUps: [{ text: 'Fail the deploy pipeline when the pool size drops', owner: 'U0DEMOENG2' }],
  });
  await passHours(3 * 24);
  say('Dana ships the pipeline check and marks her follow-up done.');
  await people.markFollowUpDone('U0DEMOENG2', 'The deploy pipeline now fails when DB_POOL_SIZE drops below 20.', 'https://github.example.com/example-inc/checkout-api/pull/412');
}

/** Planted gap: Sentry reports a front-end error that is fixed the same day, and its owner Dana never writes it up. */
export async function sentryIssueNobodyWritesUp(demo: DemoContext, sentry: DemoSentry): Promise<void> {
  const { say, passHours, clock } = demo;
  await passHours(Math.ceil((new Date('2026-02-18T15:00:00.000Z').getTime() - clock.now().getTime()) / 3_600_000));
  await sentry.issue('created', clock.now().toISOString());
  say('Sentry: FRONT-END-9 "ReferenceError: blooopy is not defined" in the front-end project; its owner is Dana.');
  await passHours(3);
  await sentry.issue('resolved', clock.now().toISOString());
  say('Sentry: FRONT-END-9 resolved. Dana will be asked for the resolution tomorrow and never answers (a planted gap).');
}

/** March: thirty days after PD-4182's resolution, Eli reviews the postmortem draft and signs it. */
export async function postmortemSignOff(demo: DemoContext, people: DemoIncidentActors): Promise<void> {
  const { say, passHours, clock } = demo;
  await passHours(Math.ceil((new Date('2026-03-12T15:00:00.000Z').getTime() - clock.now().getTime()) / 3_600_000));
  say('Thirty days after the resolution, Eli gets the postmortem draft (a template: the demo has no ANTHROPIC_API_KEY), corrects the root cause, writes what went well and what went wrong (the template leaves those to him), and signs.');
  await people.signPostmortem('U0DEMOENG1', {
    rootCause: 'The deploy lowered the database connection pool from 50 to 5; review did not flag the config change because it lived in a Helm values file.',
    whatWentWell: 'PagerDuty paged the on-call at once, and rolling back the deploy brought the error rate back to baseline without a database change.',
    whatWentWrong: 'It took fifty minutes to connect the 502s to the deploy: the pool size change was not in the deploy summary, so the load balancer was checked first.',
  });
  await passHours(1);
}
