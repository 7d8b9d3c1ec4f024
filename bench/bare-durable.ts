import type { Server } from 'node:http';
import path from 'node:path';
import { App, HTTPReceiver } from '@slack/bolt';
import Database from 'better-sqlite3';
import { silentLogger } from '../src/logger.ts';
import { ACK_IDS } from '../views/acknowledgment.ts';

interface RequestRow {
  id: string;
  assignee: string;
  state: string;
  title: string;
  controls: string;
  payload: string;
}

/**
 * The durable floor for a view submission: bare Bolt whose listener does what a developer would
 * write with bare better-sqlite3 to record a signature before acking it: read the request, check
 * it is the submitter's and open, then in one transaction mark it answered, add the event and
 * queue a job holding the request and the response, committed with synchronous=FULL so it is on
 * disk before the ack. No group commit, no flush off the event loop, no validation beyond that,
 * and a job smaller than the bot's artifact spec: each of these favours the floor.
 * It works on a copy of the bot's database (same schema, same open requests).
 */
export async function bareDurableBolt(secret: string, botDb: string, dir: string): Promise<{ url: string; db: Database.Database; stop: () => Promise<void> }> {
  const file = path.join(dir, 'bare-durable.db');
  const source = new Database(botDb, { readonly: true });
  await source.backup(file);
  source.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const read = db.prepare('SELECT id, assignee, state, title, controls, payload FROM requests WHERE id = ?');
  const answer = db.prepare("UPDATE requests SET state = 'answered', answered_at = ?, answered_by = ?, response = ?, next_action_at = NULL WHERE id = ?");
  const event = db.prepare("INSERT INTO request_events (request_id, at, what, detail) VALUES (?, ?, 'answered', ?)");
  const job = db.prepare('INSERT INTO artifact_jobs (source_key, spec, created_at, next_try_at) VALUES (?, ?, ?, ?)');
  const record = db.transaction((request: RequestRow, userId: string, response: string, at: string) => {
    answer.run(at, userId, response, request.id);
    event.run(request.id, at, `signed by <@${userId}>`);
    job.run(`request:${request.id}`, JSON.stringify({ request, response: JSON.parse(response) as unknown, history: [] }), at, at);
  });

  const receiver = new HTTPReceiver({ signingSecret: secret, endpoints: '/slack/events', processBeforeResponse: false, logger: silentLogger() });
  const app = new App({ receiver, token: 'xoxb-bench', botId: 'B0000001', botUserId: 'UBOT000001', tokenVerificationEnabled: false, convoStore: false, logger: silentLogger() });
  app.view(ACK_IDS.callbackId, async ({ ack, body, view }) => {
    const { requestId } = JSON.parse(view.private_metadata) as { requestId: string };
    const request = read.get(requestId) as RequestRow | undefined;
    if (!request || request.assignee !== body.user.id || request.state !== 'open') {
      await ack({ response_action: 'errors', errors: { [`${ACK_IDS.policiesBlockPrefix}0`]: 'not yours or not open' } });
      return;
    }
    const at = new Date().toISOString();
    const response = JSON.stringify({ request_id: requestId, signer_slack_id: body.user.id, submitted_at: at, view_id: view.id, values: view.state.values });
    record(request, body.user.id, response, at);
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`,
    db,
    stop: async () => {
      await app.stop();
      db.close();
    },
  };
}
