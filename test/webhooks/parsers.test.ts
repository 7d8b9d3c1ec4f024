import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonBody } from '../../src/http/json-body.ts';
import { evidenceSignatureValid, parseGenericIncident } from '../../src/webhooks/generic.ts';
import { pagerDutySignatureValid, parsePagerDuty } from '../../src/webhooks/pagerduty.ts';
import { parseSentry, sentrySignatureValid } from '../../src/webhooks/sentry.ts';
import { pagerDutyBody, sentryIssueBody } from '../fixtures/pagerduty.ts';
import { evidenceHeaders, pagerDutyHeaders, sentryHeaders } from '../helpers/webhooks.ts';

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));

describe('PagerDuty v3 webhooks', () => {
  const body = pagerDutyBody({ eventId: '5ac64822-4adc-4fda-ade0-410becf0de4f', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00.169Z', number: 1234 });

  it('when the documented incident.triggered example arrives, then it maps onto an incident event with the assignee by ID and name', () => {
    expect(parsePagerDuty(JSON.parse(body))).toEqual({
      kind: 'event',
      event: {
        source: 'pagerduty',
        eventId: '5ac64822-4adc-4fda-ade0-410becf0de4f',
        type: 'triggered',
        occurredAt: '2026-07-06T13:00:00.169Z',
        incident: {
          externalId: 'PGR0VU2',
          number: 'PD-1234',
          title: 'A little bump in the road',
          severity: 'P1',
          service: 'API Service',
          url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
          createdAt: '2026-07-06T12:58:00.000Z',
          assignees: [{ externalId: 'PTUXL6G', name: 'Eli Engineer', email: null }],
        },
      },
    });
  });

  it('when the signature header carries two secrets during rotation, then either secret verifies it and a third does not', () => {
    const buffer = Buffer.from(body);
    const headers = lower(pagerDutyHeaders(body, 'old-secret', 'new-secret'));
    expect(pagerDutySignatureValid(['new-secret'], buffer, headers)).toBe(true);
    expect(pagerDutySignatureValid(['old-secret'], buffer, headers)).toBe(true);
    expect(pagerDutySignatureValid(['other-secret'], buffer, headers)).toBe(false);
    expect(pagerDutySignatureValid(['new-secret'], Buffer.from(`${body} `), headers)).toBe(false);
    expect(pagerDutySignatureValid(['new-secret'], buffer, {})).toBe(false);
    expect(pagerDutySignatureValid(['new-secret'], buffer, { 'x-pagerduty-signature': `v0=${pagerDutyHeaders(body, 'new-secret')['X-PagerDuty-Signature']!.slice(3)}` })).toBe(false);
  });

  it('when an event type is not followed, then it is ignored with the type named; when the incident is missing its number, then it is invalid', () => {
    expect(parsePagerDuty(JSON.parse(pagerDutyBody({ eventId: 'e1', eventType: 'incident.annotated', occurredAt: '2026-07-06T13:00:00Z' })))).toEqual({ kind: 'ignored', reason: 'PagerDuty event type incident.annotated is not one evidence-bot follows' });
    const broken = JSON.parse(body);
    delete broken.event.data.number;
    expect(parsePagerDuty(broken)).toEqual({ kind: 'invalid', reason: 'incident.triggered without a valid incident: event.data.number: Invalid input: expected number, received undefined' });
    expect(parsePagerDuty({ messages: [] })).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/^not a PagerDuty v3 webhook: event: /) });
  });

  it('when an event is dated outside 2000 to 2199 (9999-12-31, a year past 9999), then it is invalid, naming the field and the range', () => {
    for (const occurredAt of ['9999-12-31T00:00:00Z', '+010000-01-01T00:00:00Z', '1970-01-01T00:00:00Z']) {
      expect(parsePagerDuty(JSON.parse(pagerDutyBody({ eventId: 'e1', eventType: 'incident.resolved', occurredAt })))).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/occurred_at: expected a time between the years 2000 and 2199/) });
    }
  });

  it('when an incident is escalated to another user, then it counts as a reassignment', () => {
    const escalated = parsePagerDuty(JSON.parse(pagerDutyBody({ eventId: 'e2', eventType: 'incident.escalated', occurredAt: '2026-07-06T13:00:00Z', assignees: [{ id: 'PNEW001', summary: 'Dana Developer' }] })));
    expect(escalated).toMatchObject({ kind: 'event', event: { type: 'reassigned', incident: { assignees: [{ externalId: 'PNEW001', name: 'Dana Developer', email: null }] } } });
  });
});

describe('Sentry webhooks', () => {
  const now = new Date('2026-07-06T14:00:00.000Z');

  it('when an issue is created and then resolved, then both map onto the same incident, and the resolution time is when it arrived', () => {
    const created = sentryIssueBody({ action: 'created' });
    const resolved = sentryIssueBody({ action: 'resolved', status: 'resolved' });
    const first = parseSentry(JSON.parse(created), Buffer.from(created), lower(sentryHeaders(created, 's', 'issue')), now);
    const second = parseSentry(JSON.parse(resolved), Buffer.from(resolved), lower(sentryHeaders(resolved, 's', 'issue')), now);
    expect(first).toMatchObject({ kind: 'event', event: { type: 'triggered', occurredAt: '2026-07-06T12:58:37.391Z', incident: { externalId: 'issue:1170820242', number: 'FRONT-END-9', service: 'front-end', severity: 'error' } } });
    expect(second).toMatchObject({ kind: 'event', event: { type: 'resolved', occurredAt: '2026-07-06T14:00:00.000Z', incident: { externalId: 'issue:1170820242' } } });
    if (first.kind !== 'event' || second.kind !== 'event') throw new Error('expected events');
    expect(first.event.eventId).not.toBe(second.event.eventId);
  });

  it('when an issue is assigned to a user, then the assignee carries their email; to a team, then nobody is named', () => {
    const toUser = sentryIssueBody({ action: 'assigned', assignedTo: { type: 'user', id: '42', name: 'Dana Developer', email: 'Dana@Example.com' } });
    expect(parseSentry(JSON.parse(toUser), Buffer.from(toUser), lower(sentryHeaders(toUser, 's', 'issue')), now)).toMatchObject({ kind: 'event', event: { type: 'reassigned', incident: { assignees: [{ externalId: '42', name: 'Dana Developer', email: 'Dana@Example.com' }] } } });
    const toTeam = sentryIssueBody({ action: 'assigned', assignedTo: { type: 'team', id: '7', name: 'backend', email: '' } });
    expect(parseSentry(JSON.parse(toTeam), Buffer.from(toTeam), lower(sentryHeaders(toTeam, 's', 'issue')), now)).toMatchObject({ kind: 'event', event: { incident: { assignees: [] } } });
  });

  it('when the resource is not followed, then it is ignored; when the signature is wrong, then it does not verify', () => {
    const body = JSON.stringify({ action: 'created', data: { comment: 'hello' } });
    expect(parseSentry(JSON.parse(body), Buffer.from(body), lower(sentryHeaders(body, 's', 'comment')), now)).toEqual({ kind: 'ignored', reason: 'Sentry resource "comment" is not one evidence-bot follows' });
    expect(sentrySignatureValid(['s'], Buffer.from(body), lower(sentryHeaders(body, 's', 'comment')))).toBe(true);
    expect(sentrySignatureValid(['t'], Buffer.from(body), lower(sentryHeaders(body, 's', 'comment')))).toBe(false);
  });
});

describe('the generic incident webhook', () => {
  it('when a documented body arrives, then it maps with the reference and lower-cased assignee email; an unknown field is refused by name', () => {
    const body = { event_id: 'deploy-42-1', type: 'triggered', occurred_at: '2026-07-06T15:00:00+02:00', incident: { id: 'deploy-42', reference: 'OPS-42', title: 'Deploy failed', assignees: [{ email: 'Eli@Example.com' }] } };
    expect(parseGenericIncident(body)).toMatchObject({ kind: 'event', event: { source: 'generic', occurredAt: '2026-07-06T13:00:00.000Z', incident: { externalId: 'deploy-42', number: 'OPS-42', assignees: [{ externalId: null, name: null, email: 'eli@example.com' }] } } });
    expect(parseGenericIncident({ ...body, extra: 1 })).toEqual({ kind: 'invalid', reason: '(body): Unrecognized key: "extra"' });
    expect(parseGenericIncident({ ...body, occurred_at: '2026-07-06 15:00' })).toEqual({ kind: 'invalid', reason: 'occurred_at: expected an ISO-8601 time with a zone, such as 2026-07-06T13:00:00Z' });
    const text = JSON.stringify(body);
    expect(evidenceSignatureValid(['k'], Buffer.from(text), lower(evidenceHeaders(text, 'k')))).toBe(true);
    expect(evidenceSignatureValid(['k'], Buffer.from(text), {})).toBe(false);
  });
});

describe('JSON bodies', () => {
  it('when a body is empty, not UTF-8, not JSON, or nested too deep, then the reason says which; a normal body parses', () => {
    expect(parseJsonBody(Buffer.from(''))).toEqual({ ok: false, reason: 'the body is empty: expected a JSON object' });
    expect(parseJsonBody(Buffer.from('<xml/>'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^the body is not valid JSON/) });
    // "Renée" in Latin-1: decoded leniently it would be filed as "Ren\uFFFDe".
    expect(parseJsonBody(Buffer.from('{"name":"Ren\xe9e"}', 'latin1'))).toEqual({ ok: false, reason: 'the body is not UTF-8 (JSON must be; look for Latin-1 or Windows-1252 text)' });
    expect(parseJsonBody(Buffer.from('{"name":"Renée"}', 'utf8'))).toEqual({ ok: true, value: { name: 'Renée' } });
    expect(parseJsonBody(Buffer.from(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`))).toEqual({ ok: false, reason: `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels` });
    // Brackets inside strings are text, not nesting.
    expect(parseJsonBody(Buffer.from(JSON.stringify({ title: '['.repeat(500) })))).toEqual({ ok: true, value: { title: '['.repeat(500) } });
    expect(parseJsonBody(Buffer.from(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).ok).toBe(true);
  });
});
