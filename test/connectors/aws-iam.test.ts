import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { AwsIamConnector, type AwsIamConnectorOptions } from '../../src/connectors/aws-iam.ts';
import { ConnectorError } from '../../src/connectors/types.ts';
import { IamDouble, THROTTLING } from './iam-double.ts';

let iam: IamDouble | undefined;
afterEach(async () => {
  await iam?.close();
  iam = undefined;
});

async function start(): Promise<IamDouble> {
  iam = await IamDouble.start();
  return iam;
}

function connector(double: IamDouble, options: Partial<AwsIamConnectorOptions> = {}): AwsIamConnector {
  return new AwsIamConnector({
    endpoint: double.endpoint,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    clock: new ManualClock('2026-07-06T13:00:00.000Z'),
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('AWS IAM connector against a local IAM Query API double', () => {
  it('when a user has groups, policies, a console password and keys, then all of it is on the account', async () => {
    const double = await start();
    double.addUser({
      name: 'alice',
      created: '2024-02-01T09:00:00Z',
      passwordLastUsed: '2026-07-01T08:30:00Z',
      groups: ['Developers', 'Admins', 'Developers'],
      attachedPolicies: ['ReadOnlyAccess', 'IAMUserChangePassword'],
      inlinePolicies: ['deploy-bucket'],
      loginProfile: true,
      keys: [
        { id: 'AKIAALICE0000000001', status: 'Active', created: '2025-07-06T13:00:00Z', lastUsed: '2026-07-05T22:10:00Z' },
        { id: 'AKIAALICE0000000002', status: 'Active', created: '2026-06-06T12:00:00Z' },
      ],
      tags: { Email: 'Alice@Example.com', team: 'platform' },
    });

    const accounts = await connector(double).listAccounts();

    expect(accounts).toEqual([
      {
        id: 'alice',
        email: 'alice@example.com',
        displayName: 'alice',
        roles: ['group:Admins', 'group:Developers', 'inline:deploy-bucket', 'policy:IAMUserChangePassword', 'policy:ReadOnlyAccess'],
        status: 'active',
        lastLogin: '2026-07-05T22:10:00.000Z',
        attributes: { 'console access': 'yes', 'access keys': '2', 'key last used': '2026-07-05T22:10:00.000Z', 'oldest active key age days': '365' },
      },
    ]);
    expect(double.calls.map((call) => call.action)).toEqual([
      'ListUsers',
      'ListGroupsForUser',
      'ListAttachedUserPolicies',
      'ListUserPolicies',
      'ListUserTags',
      'GetLoginProfile',
      'ListAccessKeys',
      'GetAccessKeyLastUsed',
      'GetAccessKeyLastUsed',
    ]);
  });

  it('when a user has no login profile (NoSuchEntity) and only an unused, inactive key, then console access is no and nothing was ever used', async () => {
    const double = await start();
    double.addUser({ name: 'ci-deployer', created: '2025-01-01T00:00:00Z', keys: [{ id: 'AKIACI0000000000001', status: 'Inactive', created: '2025-01-01T00:00:00Z' }] });
    double.addUser({ name: 'bare', created: '2025-01-01T00:00:00Z' });

    const accounts = await connector(double).listAccounts();

    expect(accounts).toEqual([
      { id: 'ci-deployer', email: null, displayName: 'ci-deployer', roles: [], status: 'active', lastLogin: null, attributes: { 'console access': 'no', 'access keys': '0', 'key last used': 'never' } },
      { id: 'bare', email: null, displayName: 'bare', roles: [], status: 'active', lastLogin: null, attributes: { 'console access': 'no', 'access keys': '0', 'key last used': 'never' } },
    ]);
    expect(double.callsOf('GetLoginProfile').map((call) => call.params.UserName)).toEqual(['ci-deployer', 'bare']);
  });

  it('when IAM returns users over several pages, then the connector follows the Marker until IsTruncated is false', async () => {
    const double = await start();
    double.pageSize = 3;
    for (let i = 1; i <= 8; i += 1) double.addUser({ name: `user-${i}`, created: '2025-01-01T00:00:00Z', groups: [`g${i}a`, `g${i}b`, `g${i}c`, `g${i}d`] });

    const accounts = await connector(double).listAccounts();

    expect(accounts.map((account) => account.id)).toEqual(['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7', 'user-8']);
    expect(accounts[7]!.roles).toEqual(['group:g8a', 'group:g8b', 'group:g8c', 'group:g8d']);
    expect(double.callsOf('ListUsers').map((call) => call.params.Marker ?? null)).toEqual([null, Buffer.from('ListUsers:3').toString('base64'), Buffer.from('ListUsers:6').toString('base64')]);
    expect(double.callsOf('ListGroupsForUser').filter((call) => call.params.UserName === 'user-8')).toHaveLength(2);
  });

  it('when IAM throttles, then the SDK retries and the list is complete', async () => {
    const double = await start();
    double.addUser({ name: 'alice', created: '2025-01-01T00:00:00Z', loginProfile: true });
    double.failNext('ListUsers', THROTTLING);
    double.failNext('GetLoginProfile', THROTTLING);

    const accounts = await connector(double).listAccounts();

    expect(accounts.map((account) => [account.id, account.attributes['console access']])).toEqual([['alice', 'yes']]);
    expect(double.callsOf('ListUsers')).toHaveLength(2);
    expect(double.callsOf('GetLoginProfile')).toHaveLength(2);
  });

  it('when IAM keeps throttling past the attempts, then a ConnectorError says so', async () => {
    const double = await start();
    double.failNext('ListUsers', THROTTLING, 2);

    const error = await failure(connector(double, { maxAttempts: 2 }).listAccounts());

    expect(error.message).toBe('AWS IAM: ListUsers failed: Throttling: Rate exceeded (HTTP 400)');
  });

  it('when the credentials may not list users, then the AccessDenied becomes a ConnectorError', async () => {
    const double = await start();
    double.addUser({ name: 'alice', created: '2025-01-01T00:00:00Z' });
    const denied = 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action';
    double.failNext('ListUsers', { code: 'AccessDenied', message: denied, status: 403 });

    const error = await failure(connector(double, { system: 'Production AWS' }).listAccounts());

    expect(error.message).toBe(`Production AWS: ListUsers failed: AccessDenied: ${denied} (HTTP 403)`);
    expect(error.message).not.toContain('test-secret');
  });

  it('when one user detail is denied, then the whole list is refused, naming the user and the call', async () => {
    const double = await start();
    double.addUser({ name: 'alice', created: '2025-01-01T00:00:00Z' });
    double.failNext('ListAccessKeys', { code: 'AccessDenied', message: 'not authorized to perform: iam:ListAccessKeys', status: 403 });

    const error = await failure(connector(double).listAccounts());

    expect(error.message).toBe('AWS IAM: ListAccessKeys for alice failed: AccessDenied: not authorized to perform: iam:ListAccessKeys (HTTP 403)');
  });

  it('when there are many users, then no more than the concurrency limit are read at once', async () => {
    const double = await start();
    double.delayMs = 5;
    for (let i = 1; i <= 12; i += 1) double.addUser({ name: `user-${String(i).padStart(2, '0')}`, created: '2025-01-01T00:00:00Z' });

    const accounts = await connector(double, { concurrency: 3 }).listAccounts();

    expect(accounts).toHaveLength(12);
    expect(double.maxInFlight).toBe(3);
  });
});
