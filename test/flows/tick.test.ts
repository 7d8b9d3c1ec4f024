import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR, ManualClock } from '../../src/clock.ts';
import { parseSettings } from '../../src/config.ts';
import { renderPdf } from '../../src/evidence/pdf/render.ts';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import { newId } from '../../src/ids.ts';
import { silentLogger } from '../../src/logger.ts';
import { createServices } from '../../src/services.ts';
import { webSlackPort } from '../../src/slack/web-port.ts';
import { openDatabase } from '../../src/store/db.ts';
import { insertRequest } from '../../src/store/requests.ts';
import { sampleSpec } from '../helpers/sample-spec.ts';
import { tempDir } from '../helpers/temp.ts';
import { clientFor, startDouble } from '../slack-double/setup.ts';

describe('one beat of the bot', () => {
  it('when filing is held up (a long backlog to render), then the tick still sends the DMs and reminders due, and the next tick chases again before filing is done', async () => {
    const dir = tempDir();
    const double = await startDouble();
    const clock = new ManualClock('2026-07-06T13:00:00.000Z');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const db = openDatabase(path.join(dir, 'evidence.db'));
    const services = createServices({
      db,
      sink: new LocalSink(path.join(dir, 'evidence')),
      slack: webSlackPort(clientFor(double)),
      clock,
      logger: silentLogger(),
      settings: parseSettings('admins: [U0MANAGER1]\n', 'test config'),
      render: async (model) => {
        await held;
        return renderPdf(model);
      },
    });
    services.deps.kinds.register({ kind: 'check', buttonLabel: 'Open', askMessage: (request) => ({ text: `Please look at ${request.title}` }), open: async () => undefined });
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
