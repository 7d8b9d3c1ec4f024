import { describe, expect, it } from 'vitest';
import { markAnswered } from '../../src/flows/requests.ts';
import type { StatusReport } from '../../src/flows/status.ts';
import { newId } from '../../src/ids.ts';
import { getRequest, insertRequest } from '../../src/store/requests.ts';
import { localServices } from '../helpers/services.ts';

/**
 * The wiring of the status report's lull redraws (the rules themselves are in
 * recent-summary.test.ts): a workspace large enough for the report to cost tens of ms is too
 * big for a test, so the report's cost is judged by a clock that moves 6 ms at each reading.
 */
async function setup() {
  let elapsedMs = 0;
  const { db, clock, services } = await localServices({ monotonicMs: () => (elapsedMs += 6) });
  let made = 0;
  const ask = (dueAt: Date): string => {
    made += 1;
    const id = newId();
    insertRequest(db, { id, kind: 'check', subject: `item-${made}`, title: `Item ${made}`, controls: ['CC1.4'], assignee: 'U0ENGINEE1', dedupeKey: `check:${made}`, payload: {}, dueAt: dueAt.toISOString() }, clock.now());
    return id;
  };
  const cc14 = async (): Promise<StatusReport['controls'][number]> => (await services.sharedStatus('CC1.4')).controls.find((c) => c.control === 'CC1.4')!;
  // Three drawings, each after a write: from then on the report counts as costly (6 ms).
  const inAWeek = new Date(clock.now().getTime() + 7 * 86_400_000);
  const first = ask(inAWeek);
  for (let i = 0; i < 3; i += 1) {
    expect((await cc14()).openRequests).toBe(i + 1);
    ask(inAWeek);
  }
  // The premise: a costly report is answered stale after a write, and redrawn in the lull after.
  expect((await cc14()).openRequests).toBe(3);
  await services.statusRedrawn();
  expect((await cc14()).openRequests).toBe(4);
  return { db, clock, services, ask, cc14, first };
}

describe('the status report after a change', () => {
  it('when a request is signed, then the report is drawn again in the next lull, and the next status request already counts it', async () => {
    const { db, services, cc14, clock, first } = await setup();
    markAnswered(db, getRequest(db, first)!, 'U0ENGINEE1', { ok: true }, clock.now(), newId());
    services.answered(first);
    await services.statusRedrawn();
    expect((await cc14()).openRequests).toBe(3);
    await services.settle();
    db.close();
  });

  it('when a tick runs in a new minute, then the report is drawn again in the next lull, and the next status request sees what became overdue', async () => {
    const { db, services, cc14, clock, ask } = await setup();
    ask(new Date(clock.now().getTime() + 30_000));
    await cc14();
    await services.statusRedrawn();
    expect(await cc14()).toMatchObject({ openRequests: 5, overdueRequests: 0 });
    clock.advance(120_000);
    await services.tick();
    await services.statusRedrawn();
    expect(await cc14()).toMatchObject({ openRequests: 5, overdueRequests: 1 });
    await services.settle();
    db.close();
  });
});
