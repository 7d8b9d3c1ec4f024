import type { CustomRoute } from '@slack/bolt';
import { outboxBacklog } from '../evidence/outbox.ts';
import type { Db } from '../store/db.ts';

/** `/healthz`: the process answers and the database is readable; the outbox backlog for monitors. */
export function healthRoute(db: Db): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      try {
        const backlog = outboxBacklog(db);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, outbox: { pending: backlog.pending, failing: backlog.failing } }));
      } catch {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'database unavailable' }));
      }
    },
  };
}
