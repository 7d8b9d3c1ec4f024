import { describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { renderPdf } from '../../src/evidence/pdf/render.ts';
import { newId } from '../../src/ids.ts';
import { insertRequest } from '../../src/store/requests.ts';
import { sampleSpec } from '../helpers/sample-spec.ts';
import { localServices } from '../helpers/services.ts';

describe('one beat of the bot', () => {
  it('when filing is held up (a long backlog to render), then the tick still sends the DMs and reminders due, and the next tick chases again before filing is done', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { db, clock, double, services } = await localServices({
      render: async (model) => {
        await held;
        return renderPdf(model);
      },
    });
    insertRequest(db, { id: newId(), kind: 'check', subject: 'item', title: 'Item 1', controls: ['CC1.4'], assignee: 'U0ENGINEE1', dedupeKey: 'check:1', payload: {}, dueAt: '2026-07-13T13:00:00.000Z' }, clock.now());
    services.deps.evidence.enqueue(sampleSpec());

    const first = services.tick();
    const texts = () => double.messages().map((message) => message.text);
    await expect.poll(texts).toEqual(['Please look at Item 1']);
    clock.advance(48 * HOUR);
    const second = services.tick();
    await expect.poll(texts).toEqual(['Please look at Item 1', expect.stringMatching(/^Reminder: Item 1 is still waiting for you/)]);
    expect(db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get()).toBe(0);

    release();
    expect((await first).filed + (await second).filed).toBe(1);
    await services.settle();
    expect(db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get()).toBe(0);
    db.close();
  });
});
