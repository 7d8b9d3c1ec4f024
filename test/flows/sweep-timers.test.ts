import { describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { sweep } from '../../src/flows/escalation.ts';
import { newId } from '../../src/ids.ts';
import { getRequest, insertRequest } from '../../src/store/requests.ts';
import { localServices } from '../helpers/services.ts';

describe('the request sweep and timers past the year 9999', () => {
  it('when a request still holds a "+…" timer (written before timers were clamped), then the sweep returns without claiming or sending it', async () => {
    const { db, double, services } = await localServices();
    const id = newId();
    insertRequest(db, { id, kind: 'check', subject: 'item', title: 'Item 1', controls: ['CC1.4'], assignee: 'U0ENGINEE1', dedupeKey: 'check:far', payload: {}, dueAt: '2026-07-13T13:00:00.000Z' }, new Date('2026-07-06T13:00:00.000Z'));
    db.prepare('UPDATE requests SET next_action_at = ? WHERE id = ?').run('+010000-01-01T14:00:00.000Z', id);

    expect(await sweep(services.deps)).toEqual({ asked: 0, reminded: 0, escalatedToManager: 0, escalatedToChannel: 0, failed: 0 });
    expect(double.callsOf('chat.postMessage')).toEqual([]);
    expect(getRequest(db, id)).toMatchObject({ next_action_at: '+010000-01-01T14:00:00.000Z', asked_at: null, attempts: 0 });
    db.close();
  });

  it('when a kind puts the next reminder past the year 9999 (a step due 9999-12-31), then the sweep takes one step, stores 9999-12-31T23:59:59.999Z, and the next sweep sends nothing', async () => {
    const { db, clock, double, services } = await localServices();
    // Counts the steps taken; past a handful the request is being claimed in a loop, and throwing
    // ends that loop as a failed step instead of hanging the test.
    let steps = 0;
    const FAR = 1e15;
    services.deps.kinds.register({
      kind: 'far',
      buttonLabel: 'Done',
      askMessage: (request) => ({ text: `Please do ${request.title}` }),
      open: async () => undefined,
      timing: () => {
        steps += 1;
        if (steps > 20) throw new Error('claimed again and again in one sweep');
        return { remindAfter: FAR, remindEvery: FAR, escalateAfter: FAR, channelAfter: FAR };
      },
    });
    const id = newId();
    insertRequest(db, { id, kind: 'far', subject: 'item', title: 'Step 1', controls: ['CC6.2'], assignee: 'U0ENGINEE1', dedupeKey: 'far:1', payload: {}, dueAt: '2026-07-13T13:00:00.000Z' }, clock.now());

    expect(await sweep(services.deps)).toEqual({ asked: 1, reminded: 0, escalatedToManager: 0, escalatedToChannel: 0, failed: 0 });
    expect(steps).toBe(1);
    expect(getRequest(db, id)).toMatchObject({ asked_at: '2026-07-06T13:00:00.000Z', next_action_at: '9999-12-31T23:59:59.999Z', attempts: 0 });

    clock.advance(48 * HOUR);
    expect(await sweep(services.deps)).toEqual({ asked: 0, reminded: 0, escalatedToManager: 0, escalatedToChannel: 0, failed: 0 });
    expect(double.callsOf('chat.postMessage').map((call) => call.args.text)).toEqual(['Please do Step 1']);
    db.close();
  });
});
