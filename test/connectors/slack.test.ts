import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackConnector } from '../../src/connectors/slack.ts';
import { ConnectorError } from '../../src/connectors/types.ts';
import { silentLogger } from '../../src/logger.ts';
import { SlackDouble, type SlackUserRecord } from '../../src/slack-double/index.ts';

const TOKEN = 'xoxb-connector-test';
let double: SlackDouble | undefined;
afterEach(async () => {
  await double?.close();
  double = undefined;
});

async function start(): Promise<SlackDouble> {
  double = await SlackDouble.start({ token: TOKEN });
  return double;
}

function client(slack: SlackDouble): WebClient {
  return new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 }, logger: silentLogger() });
}

/**
 * The double builds its record from the fields it models; Slack's other member flags (is_owner,
 * is_invited_user…) are set on the stored record, which users.list answers with as it is.
 */
function addMember(slack: SlackDouble, user: Partial<SlackUserRecord> & { id: string }, extra: Record<string, unknown> = {}): void {
  Object.assign(slack.addUser(user), extra);
}

describe('Slack connector against the local Slack Web API double', () => {
  it('when the workspace has owners, admins, guests, bots, deleted and invited members, then each gets its status and one role', async () => {
    const slack = await start();
    addMember(slack, { id: 'U0OWNER001', real_name: 'Olive Owner', is_admin: true, profile: { email: 'Olive@Example.com', real_name: 'Olive Owner', display_name: 'olive' } }, { is_owner: true, is_primary_owner: true });
    addMember(slack, { id: 'U0ADMIN001', real_name: 'Avery Admin', is_admin: true, profile: { email: 'avery@example.com', real_name: 'Avery Admin', display_name: 'avery' } });
    addMember(slack, { id: 'U0MEMBER01', real_name: 'Mia Member', profile: { email: 'mia@example.com', real_name: '', display_name: 'mia' } });
    addMember(slack, { id: 'U0GUESTMC1', real_name: 'Gus Guest', is_restricted: true, profile: { email: 'gus@partner.example', real_name: 'Gus Guest', display_name: 'gus' } });
    addMember(slack, { id: 'U0GUESTSC1', real_name: 'Sam Single', is_restricted: true, is_ultra_restricted: true, profile: { email: 'sam@partner.example', real_name: 'Sam Single', display_name: 'sam' } });
    addMember(slack, { id: 'U0LEFT0001', real_name: 'Lee Left', deleted: true, profile: { email: 'lee@example.com', real_name: 'Lee Left', display_name: 'lee' } });
    addMember(slack, { id: 'U0INVITED1', real_name: 'Ivy Invited', profile: { email: 'ivy@example.com', real_name: 'Ivy Invited', display_name: 'ivy' } }, { is_invited_user: true });
    addMember(slack, { id: 'U0BOT00001', real_name: 'Deploy Bot', is_bot: true, profile: { real_name: 'Deploy Bot', display_name: 'deploybot' } });
    addMember(slack, { id: 'USLACKBOT', real_name: 'Slackbot', profile: { real_name: 'Slackbot', display_name: 'slackbot' } });

    const accounts = await new SlackConnector(client(slack)).listAccounts();

    expect(accounts).toEqual([
      { id: 'U0OWNER001', email: 'olive@example.com', displayName: 'Olive Owner', roles: ['owner'], status: 'active', lastLogin: null, attributes: { 'primary owner': 'yes' } },
      { id: 'U0ADMIN001', email: 'avery@example.com', displayName: 'Avery Admin', roles: ['admin'], status: 'active', lastLogin: null, attributes: {} },
      { id: 'U0MEMBER01', email: 'mia@example.com', displayName: 'Mia Member', roles: ['member'], status: 'active', lastLogin: null, attributes: {} },
      { id: 'U0GUESTMC1', email: 'gus@partner.example', displayName: 'Gus Guest', roles: ['guest-multi-channel'], status: 'active', lastLogin: null, attributes: {} },
      { id: 'U0GUESTSC1', email: 'sam@partner.example', displayName: 'Sam Single', roles: ['guest-single-channel'], status: 'active', lastLogin: null, attributes: {} },
      { id: 'U0LEFT0001', email: 'lee@example.com', displayName: 'Lee Left', roles: ['member'], status: 'deactivated', lastLogin: null, attributes: {} },
      { id: 'U0INVITED1', email: 'ivy@example.com', displayName: 'Ivy Invited', roles: ['member'], status: 'invited', lastLogin: null, attributes: {} },
      { id: 'U0BOT00001', email: null, displayName: 'Deploy Bot', roles: ['member'], status: 'bot', lastLogin: null, attributes: { type: 'bot' } },
      { id: 'USLACKBOT', email: null, displayName: 'Slackbot', roles: ['member'], status: 'bot', lastLogin: null, attributes: { type: 'bot' } },
    ]);
  });

  it('when the workspace spans several pages, then every page is read once, in order', async () => {
    const slack = await start();
    for (let i = 1; i <= 7; i += 1) addMember(slack, { id: `U0PERSON0${i}`, real_name: `Person ${i}` });

    const accounts = await new SlackConnector(client(slack), { pageSize: 3 }).listAccounts();

    expect(accounts.map((account) => account.id)).toEqual(['U0PERSON01', 'U0PERSON02', 'U0PERSON03', 'U0PERSON04', 'U0PERSON05', 'U0PERSON06', 'U0PERSON07']);
    expect(slack.callsOf('users.list').map((call) => [call.args.limit, call.args.cursor ?? null])).toEqual([
      ['3', null],
      ['3', Buffer.from('user:U0PERSON04').toString('base64')],
      ['3', Buffer.from('user:U0PERSON07').toString('base64')],
    ]);
  });

  it('when Slack answers 429 with Retry-After, then the client waits and the list is still complete', async () => {
    const slack = await start();
    for (let i = 1; i <= 4; i += 1) addMember(slack, { id: `U0PERSON0${i}`, real_name: `Person ${i}` });
    slack.failNext('users.list', { status: 429, retryAfter: 0 });

    const accounts = await new SlackConnector(client(slack), { pageSize: 2 }).listAccounts();

    expect(accounts.map((account) => account.id)).toEqual(['U0PERSON01', 'U0PERSON02', 'U0PERSON03', 'U0PERSON04']);
    expect(slack.callsOf('users.list').map((call) => call.error ?? 'ok')).toEqual(['ratelimited', 'ok', 'ok']);
  });

  it('when the token lacks the scope, then a ConnectorError names the Slack error', async () => {
    const slack = await start();
    addMember(slack, { id: 'U0PERSON01' });
    slack.failNext('users.list', { error: 'missing_scope' });

    const error = await new SlackConnector(client(slack), { system: 'Slack workspace' }).listAccounts().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).message).toBe('Slack workspace: users.list failed: missing_scope');
  });

  it('when Slack keeps failing with 5xx, then a ConnectorError says so instead of a partial list', async () => {
    const slack = await start();
    addMember(slack, { id: 'U0PERSON01' });
    slack.failNext('users.list', { status: 503 }, 3);

    const error = await new SlackConnector(client(slack)).listAccounts().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).message).toBe('Slack: users.list failed: An HTTP protocol error occurred: statusCode = 503');
  });

  it('when a member comes back without an id, then the list is refused', async () => {
    const slack = await start();
    addMember(slack, { id: 'U0PERSON01' });
    addMember(slack, { id: '' });

    const error = await new SlackConnector(client(slack)).listAccounts().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).message).toBe('Slack: users.list returned a member without an id');
  });
});
