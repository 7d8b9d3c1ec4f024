import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { FileConnector, type FileConnectorOptions, type ObjectReader } from '../../src/connectors/file.ts';
import { s3ObjectReader } from '../../src/connectors/s3-reader.ts';
import { ConnectorError } from '../../src/connectors/types.ts';
import { startS3Double, type S3Double } from '../helpers/s3.ts';
import { tempDir } from '../helpers/temp.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

function read(given: string, options: Partial<FileConnectorOptions> = {}) {
  return new FileConnector({ path: given, cwd: FIXTURES, system: 'Vercel', ...options }).listAccounts();
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return (error as ConnectorError).message;
}

/** S3 as a plain map of keys, listing like ListObjectsV2 with Delimiter "/". */
function memoryS3(objects: Record<string, string>): ObjectReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    list: async (bucket, prefix) => Object.keys(objects).filter((key) => key.startsWith(`${bucket}/${prefix}`) && !key.slice(bucket.length + 1 + prefix.length).includes('/')).map((key) => key.slice(bucket.length + 1)),
    read: async (bucket, key) => {
      reads.push(`${bucket}/${key}`);
      const body = objects[`${bucket}/${key}`];
      return body === undefined ? null : Buffer.from(body);
    },
  };
}

let s3: S3Double | undefined;
afterEach(async () => {
  await s3?.stop();
  s3 = undefined;
});

describe('file connector: exports on disk', () => {
  it('when given a folder, then the newest .csv or .json by name is read and named as the source', async () => {
    const connector = new FileConnector({ path: 'vercel', cwd: FIXTURES, system: 'Vercel' });
    expect(connector.source).toBe('newest export in vercel');

    const accounts = await connector.listAccounts();

    expect(connector.source).toBe('export vercel/vercel-members-2026-06-30.csv');
    expect(accounts).toEqual([
      { id: 'usr_alice', email: 'alice@example.com', displayName: 'Alice Adams', roles: ['Billing', 'Owner'], status: 'active', lastLogin: '2026-06-29T09:12:00.000Z', attributes: {} },
      { id: 'usr_carol', email: 'carol@example.com', displayName: 'Carol Chen', roles: ['Developer', 'Member'], status: 'invited', lastLogin: null, attributes: {} },
      { id: 'usr_bob', email: 'bob@example.com', displayName: 'Bob Brown', roles: ['Member'], status: 'deactivated', lastLogin: null, attributes: {} },
    ]);
  });

  it('when given a single file, then that file is read even if the folder has newer ones', async () => {
    const accounts = await read('vercel/vercel-members-2026-03-31.csv');

    expect(accounts.map((account) => [account.id, account.lastLogin])).toEqual([
      ['usr_alice', '2026-03-30T09:12:00.000Z'],
      ['usr_bob', '2026-03-29T17:45:00.000Z'],
    ]);
  });

  it('when a CSV has a BOM, CRLF, quoted commas, quotes and line breaks, display_name, no id column and extra columns, then every row is normalised', async () => {
    const accounts = await read('google-workspace.csv', { system: 'Google Workspace' });

    expect(accounts).toEqual([
      { id: 'jane.doe@example.com', email: 'jane.doe@example.com', displayName: 'Doe, Jane', roles: ['Super Admin', 'User'], status: 'active', lastLogin: '2026-06-30T12:02:11.000Z', attributes: { 'Org Unit': '/Engineering' } },
      { id: 'sam@example.com', email: 'sam@example.com', displayName: 'Sam "Sammy" Smith', roles: ['User'], status: 'suspended', lastLogin: '2026-05-01T00:00:00.000Z', attributes: { 'Org Unit': '/Sales', Notes: 'left in May,\naccount kept for mail' } },
      { id: 'svc-backup@example.com', email: 'svc-backup@example.com', displayName: 'Backup Service', roles: [], status: 'active', lastLogin: null, attributes: { 'Org Unit': '/Service Accounts' } },
    ]);
  });

  it('when a JSON export wraps accounts in { "accounts": [...] } with camelCase fields, then it reads like the CSV', async () => {
    const accounts = await read('linear.json', { system: 'Linear' });

    expect(accounts).toEqual([
      { id: 'lin_01', email: 'dana@example.com', displayName: 'Dana Developer', roles: ['admin', 'member'], status: 'active', lastLogin: '2026-06-28T08:00:00.250Z', attributes: { team: 'Platform' } },
      { id: '42', email: null, displayName: 'Integration Bot', roles: ['bot-user'], status: 'bot', lastLogin: null, attributes: { scopes: '["read","write"]' } },
      { id: 'guest@partner.example', email: 'guest@partner.example', displayName: 'Partner Guest', roles: ['guest'], status: 'active', lastLogin: '2026-06-01T10:30:00.000Z', attributes: {} },
    ]);
  });

  it('when a JSON export is a bare array, then it is read too', async () => {
    const dir = tempDir('exports');
    writeFileSync(path.join(dir, 'export'), '[{"id":"u1","name":"A","roles":["member"]}]');

    const accounts = await new FileConnector({ path: 'export', cwd: dir }).listAccounts();

    expect(accounts).toEqual([{ id: 'u1', email: null, displayName: 'A', roles: ['member'], status: 'active', lastLogin: null, attributes: {} }]);
  });
});

describe('file connector: exports that cannot be trusted', () => {
  it.each([
    ['broken/missing-roles.csv', 'Vercel: broken/missing-roles.csv has no "roles" column (columns found: id, email, name, status)'],
    ['broken/duplicate-ids.csv', 'Vercel: broken/duplicate-ids.csv repeats ids: "u1" (lines 2, 4), "u2" (lines 3, 6), "u3" (lines 5, 7) and 2 more'],
    ['broken/wrong-field-count.csv', 'Vercel: broken/wrong-field-count.csv: line 3 has 4 fields, the header has 5'],
    ['broken/bad-date.csv', 'Vercel: broken/bad-date.csv: line 3: last_login "30/06/2026" is not an ISO 8601 date such as 2026-06-30 or 2026-06-30T14:02:11Z'],
    ['broken/zoneless-time.csv', 'Vercel: broken/zoneless-time.csv: line 2: last_login "2026-06-30T14:02:11" is not an ISO 8601 date such as 2026-06-30 or 2026-06-30T14:02:11Z'],
    ['broken/unknown-status.csv', 'Vercel: broken/unknown-status.csv: line 3: unknown status "disabled" (expected one of active, suspended, deactivated, invited, bot)'],
    ['broken/empty.csv', 'Vercel: broken/empty.csv is empty'],
    ['broken/header-only.csv', 'Vercel: broken/header-only.csv has a header but no accounts'],
    ['broken/unterminated-quote.csv', 'Vercel: broken/unterminated-quote.csv: line 3: a quoted field is never closed'],
    ['broken/not-json.json', "Vercel: broken/not-json.json is not valid JSON (Unexpected token ']')"],
    ['broken/wrong-shape.json', 'Vercel: broken/wrong-shape.json must hold an array of accounts or { "accounts": [...] }'],
    ['broken/latin1.csv', 'Vercel: broken/latin1.csv is not UTF-8 text; export it as UTF-8 CSV or JSON'],
    ['broken/no-such-file.csv', 'Vercel: broken/no-such-file.csv does not exist'],
  ])('when the export is %s, then the ConnectorError says exactly what is wrong', async (file, message) => {
    expect(await failure(read(file))).toBe(message);
  });

  it('when the folder holds no .csv or .json, then the error says so', async () => {
    const dir = tempDir('exports');
    writeFileSync(path.join(dir, 'notes.txt'), 'nothing here');

    expect(await failure(new FileConnector({ path: dir, cwd: '/', system: 'Vercel' }).listAccounts())).toBe(`Vercel: no .csv or .json export in ${dir}`);
  });

  it('when the format is set and the folder holds only the other kind, then the error names the wanted extension', async () => {
    expect(await failure(read('vercel', { format: 'json' }))).toBe('Vercel: no .json export in vercel');
  });

  it('when a header names the same column twice (display name spelt two ways), then the error names it', async () => {
    const dir = tempDir('exports');
    writeFileSync(path.join(dir, 'x.csv'), 'id,Display Name,display_name,roles\nu1,A,A,member\n');

    expect(await failure(new FileConnector({ path: 'x.csv', cwd: dir, system: 'Linear' }).listAccounts())).toBe('Linear: x.csv has the column "display_name" twice');
  });

  it.each([
    ['[{"name":"A","roles":[]}]', 'Linear: x.json: item 1 has no "id" or "email"'],
    ['[{"id":"u1","roles":[]}]', 'Linear: x.json: item 1 has no "name" (or "display_name")'],
    ['[{"id":"u1","name":"A"}]', 'Linear: x.json: item 1 has no "roles"'],
    ['[{"id":"u1","name":"A","roles":[1]}]', 'Linear: x.json: item 1: "roles" must be a list of strings or a string'],
    ['[{"id":"u1","name":"A","roles":[],"lastLogin":1719000000}]', 'Linear: x.json: item 1: "lastLogin" must be a string'],
    ['[{"id":"u1","name":"A","roles":[]}, "u2"]', 'Linear: x.json: item 2 is not an object'],
    ['[{"id":"u1","name":"A","roles":[]}, {"id":"u1","name":"B","roles":[]}]', 'Linear: x.json repeats ids: "u1" (items 1, 2)'],
    ['[{"id":"","email":"","name":"A","roles":[]}]', 'Linear: x.json: item 1 has neither an id nor an email'],
    ['[]', 'Linear: x.json lists no accounts'],
  ])('when a JSON export is %s, then the ConnectorError says what is wrong', async (json, message) => {
    const dir = tempDir('exports');
    writeFileSync(path.join(dir, 'x.json'), json);

    expect(await failure(new FileConnector({ path: 'x.json', cwd: dir, system: 'Linear' }).listAccounts())).toBe(message);
  });
});

describe('file connector: exports in S3', () => {
  it('when given a prefix, then the newest key directly under it is read, not one in a deeper folder', async () => {
    const reader = memoryS3({
      'drops/vercel/vercel-members-2026-05-31.csv': 'id,name,roles\nold,Old,member\n',
      'drops/vercel/vercel-members-2026-06-30.json': '[{"id":"new","name":"New","roles":["member"]}]',
      'drops/vercel/archive/vercel-members-2099-01-01.csv': 'id,name,roles\nfuture,Future,member\n',
      'drops/vercel/manifest.txt': 'x',
    });
    const connector = new FileConnector({ path: 's3://drops/vercel/', cwd: '/', s3: reader });

    const accounts = await connector.listAccounts();

    expect(accounts.map((account) => account.id)).toEqual(['new']);
    expect(reader.reads).toEqual(['drops/vercel/vercel-members-2026-06-30.json']);
    expect(connector.source).toBe('export s3://drops/vercel/vercel-members-2026-06-30.json');
  });

  it('when the prefix holds no export, or a named key is missing, then the error names the S3 location', async () => {
    const reader = memoryS3({ 'drops/vercel/notes.txt': 'x' });

    expect(await failure(new FileConnector({ path: 's3://drops/vercel', cwd: '/', system: 'Vercel', s3: reader }).listAccounts())).toBe('Vercel: no .csv or .json export under s3://drops/vercel/');
    expect(await failure(new FileConnector({ path: 's3://drops/vercel/gone.csv', cwd: '/', system: 'Vercel', s3: reader }).listAccounts())).toBe('Vercel: s3://drops/vercel/gone.csv does not exist');
  });

  it('when no S3 client was configured, then the error says so', async () => {
    expect(await failure(new FileConnector({ path: 's3://drops/vercel/', cwd: '/', system: 'Vercel' }).listAccounts())).toBe('Vercel: s3://drops/vercel/ is in S3 but no S3 client was configured');
  });

  it('when the export sits in a real S3 protocol server, then the S3 reader lists the prefix and reads the newest object', async () => {
    s3 = await startS3Double('exports-test');
    const client = s3.sink({ objectLock: 'off' }).client;
    for (const [key, body] of Object.entries({
      'vercel/vercel-members-2026-05-31.csv': 'id,name,roles\nold,Old,member\n',
      'vercel/vercel-members-2026-06-30.csv': '\uFEFFid,email,name,roles\r\nusr_alice,ALICE@example.com,Alice,Owner\r\n',
      'vercel/archive/vercel-members-2099-01-01.csv': 'id,name,roles\nfuture,Future,member\n',
    })) {
      await client.send(new PutObjectCommand({ Bucket: 'exports-test', Key: key, Body: body }));
    }
    const connector = new FileConnector({ path: 's3://exports-test/vercel/', cwd: '/', s3: s3ObjectReader(client) });

    const accounts = await connector.listAccounts();

    expect(accounts).toEqual([{ id: 'usr_alice', email: 'alice@example.com', displayName: 'Alice', roles: ['Owner'], status: 'active', lastLogin: null, attributes: {} }]);
    expect(connector.source).toBe('export s3://exports-test/vercel/vercel-members-2026-06-30.csv');
  });
});
