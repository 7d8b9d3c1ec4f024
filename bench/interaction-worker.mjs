// The load generator for `npm run bench -- load`, on its own thread: `concurrency` lanes, each
// sending its next interaction as soon as the last one is answered. The lanes start one after
// another over `rampSeconds` (not measured), then all of them run for `seconds` (measured).
// Every body is built and signed the moment it is sent, as Slack (or PagerDuty) would; each
// answer's latency and status are recorded by kind.
import { createHmac } from 'node:crypto';
import { URLSearchParams } from 'node:url';
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, responseUrl, secret, pdSecret, concurrency, rampSeconds, seconds, ids, blockIds, admin, signers, openers, review, homeUsers, mix } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const team = { id: ids.teamId, domain: 'evidence-bot-bench' };

const now = () => Math.floor(Date.now() / 1000);
const actionTs = () => `${now()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const user = (id) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: ids.teamId });

function slackSigned(body) {
  const ts = now();
  return {
    path: '/slack/events',
    body,
    headers: {
      'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
    },
  };
}

const form = (payload) => slackSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

let nextSigner = 0;
let nextOpener = 0;
let webhookSeq = 0;

/** Each kind builds one ready-to-send interaction, or null when its pool is used up. */
const BUILDERS = {
  submit() {
    const signer = signers[nextSigner++];
    if (!signer) return null;
    return form({
      type: 'view_submission',
      team,
      user: user(signer.userId),
      api_app_id: ids.appId,
      token: 'x',
      trigger_id: '1.2.3',
      view: {
        id: `V${signer.requestId.toUpperCase()}`,
        team_id: ids.teamId,
        type: 'modal',
        callback_id: blockIds.ackCallback,
        private_metadata: JSON.stringify({ requestId: signer.requestId }),
        hash: '1.abc',
        state: { values: { [`${blockIds.ackPoliciesPrefix}0`]: { [blockIds.ackPoliciesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }] } } } },
      },
    });
  },
  open() {
    const opener = openers[nextOpener++];
    if (!opener) return null;
    const ts = '1765810800.000100';
    return form({
      type: 'block_actions',
      user: user(opener.userId),
      api_app_id: ids.appId,
      token: 'x',
      container: { type: 'message', message_ts: ts, channel_id: opener.channel, is_ephemeral: false },
      trigger_id: opener.triggerId,
      team,
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: opener.channel, name: 'directmessage' },
      message: { type: 'message', user: ids.botUserId, text: 'Policy acknowledgment 2026', ts },
      response_url: responseUrl,
      state: { values: {} },
      actions: [{ type: 'button', action_id: `${blockIds.openPrefix}${opener.requestId}`, block_id: blockIds.openBlock, text: { type: 'plain_text', text: 'Open' }, value: opener.requestId, action_ts: actionTs() }],
    });
  },
  decide() {
    const index = Math.floor(Math.random() * Math.min(review.accounts, 40));
    const value = Math.random() < 0.1 ? 'revoke' : 'keep';
    const view = { id: 'V0REVIEW01', team_id: ids.teamId, type: 'modal', callback_id: blockIds.reviewCallback, private_metadata: JSON.stringify({ requestId: review.requestId, page: 0 }), hash: '1.abc', state: { values: {} }, blocks: [] };
    return form({
      type: 'block_actions',
      user: user(review.userId),
      api_app_id: ids.appId,
      token: 'x',
      container: { type: 'view', view_id: view.id },
      trigger_id: '1.2.3',
      team,
      view,
      actions: [{ type: 'static_select', action_id: blockIds.decisionAction, block_id: `${blockIds.accountPrefix}${index}`, selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: actionTs() }],
    });
  },
  status() {
    return slackSigned(
      new URLSearchParams({ token: 'x', team_id: ids.teamId, team_domain: team.domain, channel_id: 'C0COMPLIAN', channel_name: 'compliance', user_id: admin, user_name: 'admin', command: '/evidence', text: 'status', api_app_id: ids.appId, response_url: responseUrl, trigger_id: '1.2.3' }).toString(),
    );
  },
  home() {
    const userId = homeUsers[Math.floor(Math.random() * homeUsers.length)];
    return slackSigned(
      JSON.stringify({
        token: 'x',
        team_id: ids.teamId,
        api_app_id: ids.appId,
        event: { type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home', event_ts: actionTs() },
        type: 'event_callback',
        event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
        event_time: now(),
        authorizations: [{ enterprise_id: null, team_id: ids.teamId, user_id: ids.botUserId, is_bot: true, is_enterprise_install: false }],
      }),
    );
  },
  webhook() {
    webhookSeq += 1;
    const incident = webhookSeq % 40;
    const type = ['incident.triggered', 'incident.acknowledged', 'incident.resolved'][Math.floor(webhookSeq / 40) % 3];
    const body = JSON.stringify({
      event: {
        id: `load-${webhookSeq}`,
        event_type: type,
        resource_type: 'incident',
        occurred_at: new Date().toISOString(),
        data: { id: `PLOAD${incident}`, type: 'incident', number: 9000 + incident, title: `Load incident ${incident}`, status: type.slice('incident.'.length), html_url: `https://acme.pagerduty.com/incidents/PLOAD${incident}`, service: { id: 'PSVC', summary: 'checkout-api' }, assignees: [{ id: 'PUSER01', summary: 'On Call' }], priority: { id: 'PP1', summary: 'P1' } },
      },
    });
    return { path: '/webhooks/pagerduty', body, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': `v1=${createHmac('sha256', pdSecret).update(body).digest('hex')}` } };
  },
};

const kinds = Object.keys(mix);
const total = kinds.reduce((sum, kind) => sum + mix[kind], 0);
function pick() {
  let roll = Math.random() * total;
  for (const kind of kinds) {
    roll -= mix[kind];
    if (roll < 0) return kind;
  }
  return kinds[0];
}

function send(item) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request({ host: target.hostname, port: target.port, path: item.path, method: 'POST', headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) }, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode }));
    });
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
    req.end(item.body);
  });
}

const results = [];
const started = performance.now();
const measureFrom = started + rampSeconds * 1000;
const deadline = measureFrom + seconds * 1000;
let warmup = 0;
let signedOk = 0;
async function lane(index) {
  await new Promise((resolve) => setTimeout(resolve, (index / concurrency) * rampSeconds * 1000));
  while (performance.now() < deadline) {
    let kind = pick();
    let item = BUILDERS[kind]();
    if (!item) {
      kind = 'status';
      item = BUILDERS.status();
    }
    const sentAt = performance.now();
    const { ms, status } = await send(item);
    if (kind === 'submit' && status === 200) signedOk += 1;
    if (sentAt >= measureFrom) results.push({ kind, ms, status });
    else warmup += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, index) => lane(index)));
agent.destroy();
parentPort.postMessage({ results, warmup, seconds: (performance.now() - measureFrom) / 1000, signed: nextSigner, signedOk, opened: nextOpener, webhooks: webhookSeq });
