import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { clientFor, slackError, startDouble, TOKEN } from './setup.ts';

const NOW = Date.parse('2026-07-06T13:00:00.000Z');
const SECONDS = NOW / 1000;
const now = () => NOW;
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('Slack Web API double: identity and people', () => {
  it('when the bot calls auth.test, then it learns its own user, bot and team', async () => {
    const double = await startDouble({ now });
    expect(await clientFor(double).auth.test()).toEqual({
      ok: true,
      url: 'https://evidence-bot-test.slack.com/',
      team: 'Evidence Bot Test',
      user: 'evidence-bot',
      team_id: 'T0000001',
      user_id: 'UBOT000001',
      bot_id: 'B0000001',
      is_enterprise_install: false,
      response_metadata: {},
    });
  });

  it('when a user is added with a few fields, then users.info returns the full record with the zone label and offset in force', async () => {
    const double = await startDouble({ now });
    const result = await clientFor(double).users.info({ user: 'U0ENGINEE1' });
    expect(result.user).toEqual({
      id: 'U0ENGINEE1',
      team_id: 'T0000001',
      name: 'eli',
      real_name: 'Eli Engineer',
      deleted: false,
      is_bot: false,
      is_restricted: false,
      is_ultra_restricted: false,
      tz: 'Europe/Berlin',
      tz_label: 'Central European Summer Time',
      tz_offset: 7200,
      profile: { email: 'eli@example.com', real_name: 'Eli Engineer', display_name: 'eli' },
    });
    expect(double.addUser({ id: 'U0DEFAULT1' })).toEqual({
      id: 'U0DEFAULT1',
      team_id: 'T0000001',
      name: 'u0default1',
      real_name: 'U0DEFAULT1',
      deleted: false,
      is_bot: false,
      is_restricted: false,
      is_ultra_restricted: false,
      tz: 'America/New_York',
      tz_label: 'Eastern Daylight Time',
      tz_offset: -14400,
      profile: { real_name: 'U0DEFAULT1', display_name: 'u0default1' },
    });
  });

  it('when users.info names nobody, or nothing, then Slack errors come back', async () => {
    const double = await startDouble();
    const client = clientFor(double);
    expect(await slackError(client.users.info({ user: 'U0NOBODY01' }))).toEqual({ ok: false, error: 'user_not_found', response_metadata: {} });
    expect(await slackError(client.apiCall('users.info', {}))).toEqual({ ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: user'] } });
  });

  it('when the bot looks a person up by email, then it finds them regardless of case, and users_not_found otherwise', async () => {
    const double = await startDouble();
    const client = clientFor(double);
    expect((await client.users.lookupByEmail({ email: 'Morgan@Example.com' })).user?.id).toBe('U0MANAGER1');
    expect(await slackError(client.users.lookupByEmail({ email: 'ghost@example.com' }))).toEqual({ ok: false, error: 'users_not_found', response_metadata: {} });
  });

  it('when users.list is paginated with limit 2 over 5 users, then WebClient.paginate walks 3 pages by next_cursor', async () => {
    const double = await startDouble({ now });
    for (const id of ['U0THIRD001', 'U0FOURTH01', 'U0FIFTH001']) double.addUser({ id });
    const client = clientFor(double);
    const pages: string[][] = [];
    const cursors: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 2 })) {
      const { members, response_metadata } = page as unknown as { members: { id: string }[]; response_metadata: { next_cursor: string } };
      pages.push(members.map((member) => member.id));
      cursors.push(response_metadata.next_cursor);
    }
    expect(pages).toEqual([['U0MANAGER1', 'U0ENGINEE1'], ['U0THIRD001', 'U0FOURTH01'], ['U0FIFTH001']]);
    expect(cursors).toEqual([Buffer.from('user:U0THIRD001').toString('base64'), Buffer.from('user:U0FIFTH001').toString('base64'), '']);
    expect(double.callsOf('users.list').map((call) => call.args)).toEqual([{ limit: '2' }, { limit: '2', cursor: cursors[0] }, { limit: '2', cursor: cursors[1] }]);
    expect(await slackError(client.users.list({ cursor: 'bm90LWEtdXNlcg==' }))).toEqual({ ok: false, error: 'invalid_cursor', response_metadata: {} });
    expect(((await client.users.list({})) as { members: unknown[] }).members).toHaveLength(5);
  });

  it('when the bot opens a DM, then the IM channel is stable per user and already_open the second time', async () => {
    const double = await startDouble({ now });
    const client = clientFor(double);
    const first = await client.conversations.open({ users: 'U0MANAGER1' });
    expect(first).toEqual({ ok: true, channel: { id: double.dmChannel('U0MANAGER1') }, response_metadata: {} });
    expect(first.channel?.id).toMatch(/^D/);
    const again = await client.conversations.open({ users: 'U0MANAGER1', return_im: true });
    expect(again).toEqual({
      ok: true,
      no_op: true,
      already_open: true,
      channel: { id: first.channel?.id, created: SECONDS, is_im: true, is_org_shared: false, user: 'U0MANAGER1', is_open: true, priority: 0 },
      response_metadata: {},
    });
    expect(await slackError(client.conversations.open({ users: 'U0NOBODY01' }))).toEqual({ ok: false, error: 'user_not_found', response_metadata: {} });
    expect(await slackError(client.apiCall('conversations.open', {}))).toEqual({ ok: false, error: 'users_list_not_supplied', response_metadata: {} });
    double.addUser({ id: 'U0LEAVER01', deleted: true });
    expect(await slackError(client.conversations.open({ users: 'U0LEAVER01' }))).toEqual({ ok: false, error: 'user_disabled', response_metadata: {} });
  });

  it('when conversations.info asks about a channel, an IM or nothing known, then it answers or channel_not_found', async () => {
    const double = await startDouble({ now });
    const client = clientFor(double);
    expect((await client.conversations.info({ channel: 'C0COMPLIAN' })).channel).toEqual({
      id: 'C0COMPLIAN',
      name: 'compliance',
      is_channel: true,
      is_private: false,
      is_im: false,
      is_archived: false,
      is_member: true,
      created: SECONDS,
    });
    const dm = double.dmChannel('U0ENGINEE1');
    expect((await client.conversations.info({ channel: dm })).channel).toEqual({ id: dm, created: SECONDS, is_im: true, is_org_shared: false, user: 'U0ENGINEE1', is_open: true, priority: 0 });
    expect(await slackError(client.conversations.info({ channel: 'C0UNKNOWN1' }))).toEqual({ ok: false, error: 'channel_not_found', response_metadata: {} });
  });
});

describe('Slack Web API double: messages', () => {
  async function setup() {
    const double = await startDouble({ now });
    return { double, client: clientFor(double) };
  }

  it('when the bot posts to a channel, then the answer has Slack’s shape and the message is kept in order', async () => {
    const { double, client } = await setup();
    const blocks = [section('*Quarterly access review* is due')];
    const result = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'Access review due', blocks });
    expect(result.ts).toMatch(new RegExp(`^${SECONDS}\\.\\d{6}$`));
    expect(result).toEqual({
      ok: true,
      channel: 'C0COMPLIAN',
      ts: result.ts,
      message: { type: 'message', text: 'Access review due', user: 'UBOT000001', bot_id: 'B0000001', app_id: 'A0000001', team: 'T0000001', ts: result.ts, blocks },
      response_metadata: {},
    });
    const second = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'second', thread_ts: result.ts });
    expect(double.messages('C0COMPLIAN')).toEqual([
      { channel: 'C0COMPLIAN', ts: result.ts, text: 'Access review due', blocks, user: 'UBOT000001', bot_id: 'B0000001' },
      { channel: 'C0COMPLIAN', ts: second.ts, text: 'second', thread_ts: result.ts, user: 'UBOT000001', bot_id: 'B0000001' },
    ]);
    expect(Number(second.ts) > Number(result.ts)).toBe(true);
  });

  it('when the bot posts to a user ID, then the message lands in that user’s DM, the channel conversations.open gives', async () => {
    const { double, client } = await setup();
    const posted = await client.chat.postMessage({ channel: 'U0MANAGER1', text: 'Please review GitHub access' });
    const dm = (await client.conversations.open({ users: 'U0MANAGER1' })).channel?.id;
    expect(posted.channel).toBe(dm);
    expect(double.messages(dm).map((message) => message.text)).toEqual(['Please review GitHub access']);
  });

  it('when the bot posts to a channel by name, then it lands in that channel and the answer names its ID', async () => {
    const { double, client } = await setup();
    expect((await client.chat.postMessage({ channel: '#compliance', text: 'by name' })).channel).toBe('C0COMPLIAN');
    expect(double.messages('C0COMPLIAN').map((message) => message.text)).toEqual(['by name']);
  });

  it('when the channel is unknown or missing, then channel_not_found, and nothing is kept', async () => {
    const { double, client } = await setup();
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOWHERE1', text: 'hi' }))).toEqual({ ok: false, error: 'channel_not_found', response_metadata: {} });
    expect(await slackError(client.chat.postMessage({ channel: 'U0NOBODY01', text: 'hi' }))).toEqual({ ok: false, error: 'channel_not_found', response_metadata: {} });
    expect(await slackError(client.apiCall('chat.postMessage', { text: 'hi' }))).toEqual({ ok: false, error: 'channel_not_found', response_metadata: {} });
    expect(double.messages()).toEqual([]);
  });

  it('when a message has neither text nor blocks, then no_text', async () => {
    const { client } = await setup();
    expect(await slackError(client.apiCall('chat.postMessage', { channel: 'C0COMPLIAN' }))).toEqual({ ok: false, error: 'no_text', response_metadata: {} });
    expect(await slackError(client.apiCall('chat.postMessage', { channel: 'C0COMPLIAN', text: '', blocks: [] }))).toEqual({ ok: false, error: 'no_text', response_metadata: {} });
  });

  it('when blocks break a limit, then invalid_blocks names the JSON pointer, in errors and in response_metadata, as Slack does', async () => {
    const { double, client } = await setup();
    const error = await slackError(client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'long', blocks: [section('x'.repeat(3001))] as never }));
    expect(error).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(double.messages()).toEqual([]);
  });

  it('when blocks are not a JSON array, then invalid_blocks_format', async () => {
    const { double } = await setup();
    const response = await fetch(`${double.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C0COMPLIAN', text: 'x', blocks: '{not json' }).toString(),
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('when text is over 40,000 characters, then Slack truncates and posts with a message_truncated warning (it does not refuse)', async () => {
    const { double, client } = await setup();
    const result = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'y'.repeat(40_001) });
    expect(result.ok).toBe(true);
    expect(result.warning).toBe('message_truncated');
    expect(result.response_metadata).toEqual({
      warnings: ['message_truncated'],
      messages: ['[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.'],
    });
    expect(double.messages()[0]?.text).toHaveLength(40_000);
  });

  it('when the bot updates a message, then text changes, blocks are kept unless replaced, and an unknown ts is message_not_found', async () => {
    const { double, client } = await setup();
    const blocks = [section('Waiting for *Morgan*')];
    const posted = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'waiting', blocks });
    const updated = await client.chat.update({ channel: 'C0COMPLIAN', ts: posted.ts ?? '', text: 'answered' });
    expect(updated).toEqual({
      ok: true,
      channel: 'C0COMPLIAN',
      ts: posted.ts,
      text: 'answered',
      message: { type: 'message', text: 'answered', user: 'UBOT000001', bot_id: 'B0000001', app_id: 'A0000001', team: 'T0000001', ts: posted.ts, blocks },
      response_metadata: {},
    });
    await client.chat.update({ channel: 'C0COMPLIAN', ts: posted.ts ?? '', text: 'answered', blocks: [] });
    expect(double.messages()).toEqual([{ channel: 'C0COMPLIAN', ts: posted.ts, text: 'answered', user: 'UBOT000001', bot_id: 'B0000001' }]);
    expect(await slackError(client.chat.update({ channel: 'C0COMPLIAN', ts: '1.000001', text: 'x' }))).toEqual({ ok: false, error: 'message_not_found', response_metadata: {} });
  });

  it('when the bot posts an ephemeral message, then only message_ts comes back and it is kept apart, addressed to the recipient', async () => {
    const { double, client } = await setup();
    const result = await client.chat.postEphemeral({ channel: 'C0COMPLIAN', user: 'U0MANAGER1', text: 'Only you can see this' });
    expect(result).toEqual({ ok: true, message_ts: result.message_ts, response_metadata: {} });
    expect(double.ephemerals()).toEqual([{ channel: 'C0COMPLIAN', ts: result.message_ts, text: 'Only you can see this', user: 'U0MANAGER1', bot_id: 'B0000001', ephemeral: true }]);
    expect(double.messages()).toEqual([]);
    expect(await slackError(client.chat.postEphemeral({ channel: 'C0COMPLIAN', user: 'U0NOBODY01', text: 'x' }))).toEqual({ ok: false, error: 'user_not_in_channel', response_metadata: {} });
  });

  it('when the bot deletes a message, then it is gone', async () => {
    const { double, client } = await setup();
    const posted = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'oops' });
    expect(await client.chat.delete({ channel: 'C0COMPLIAN', ts: posted.ts ?? '' })).toEqual({ ok: true, channel: 'C0COMPLIAN', ts: posted.ts, response_metadata: {} });
    expect(double.messages()).toEqual([]);
  });
});

describe('Slack Web API double: requests, auth and recording', () => {
  it('when a method does not exist, then unknown_method', async () => {
    const double = await startDouble();
    expect(await slackError(clientFor(double).apiCall('evidence.fileEverything', {}))).toEqual({ ok: false, error: 'unknown_method', req_method: 'evidence.fileEverything', response_metadata: {} });
  });

  it('when the token is missing or wrong, then not_authed or invalid_auth', async () => {
    const double = await startDouble();
    expect(await slackError(clientFor(double, { token: undefined }).auth.test())).toEqual({ ok: false, error: 'not_authed', response_metadata: {} });
    expect(await slackError(clientFor(double, { token: 'xoxb-someone-else' }).auth.test())).toEqual({ ok: false, error: 'invalid_auth', response_metadata: {} });
  });

  it('when the token comes as a form field, or the body is JSON, then the call is accepted like WebClient’s', async () => {
    const double = await startDouble();
    const form = await fetch(`${double.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN, channel: 'C0COMPLIAN', text: 'form' }).toString(),
    });
    expect(((await form.json()) as { ok: boolean }).ok).toBe(true);
    const json = await fetch(`${double.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0COMPLIAN', text: 'json', blocks: [section('from JSON')] }),
    });
    expect(((await json.json()) as { ok: boolean }).ok).toBe(true);
    expect(double.messages().map((message) => [message.text, message.blocks])).toEqual([
      ['form', undefined],
      ['json', [section('from JSON')]],
    ]);
  });

  it('when calls are made, then every one is recorded in order with decoded arguments and no token, rejected ones included', async () => {
    const double = await startDouble({ now });
    const client: WebClient = clientFor(double);
    await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'hi', blocks: [section('hi')] });
    await slackError(client.chat.postMessage({ channel: 'C0NOWHERE1', text: 'hi' }));
    expect(double.calls).toEqual([
      { method: 'chat.postMessage', args: { channel: 'C0COMPLIAN', text: 'hi', blocks: [section('hi')] }, ok: true, at: '2026-07-06T13:00:00.000Z' },
      { method: 'chat.postMessage', args: { channel: 'C0NOWHERE1', text: 'hi' }, ok: false, error: 'channel_not_found', at: '2026-07-06T13:00:00.000Z' },
    ]);
    expect(double.callsOf('chat.postMessage')).toHaveLength(2);
    expect(double.callsOf('views.open')).toEqual([]);
  });

  it('when the app posts to a response_url, then the body is recorded; an unknown one is a 404', async () => {
    const double = await startDouble();
    const url = double.newResponseUrl();
    expect(url).toMatch(new RegExp(`^${double.baseUrl}/respond/[0-9a-f]{24}$`));
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text: 'Done' }) });
    expect(answer.status).toBe(200);
    expect(double.responses()).toEqual([{ url, body: { response_type: 'ephemeral', text: 'Done' } }]);
    expect((await fetch(`${double.baseUrl}/respond/abcdef`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
