import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IamAccessKeyRecord {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  /** Absent: never used (IAM answers Region and ServiceName "N/A" and no LastUsedDate). */
  lastUsed?: string;
}

export interface IamUserRecord {
  name: string;
  created: string;
  path?: string;
  passwordLastUsed?: string;
  groups?: string[];
  attachedPolicies?: string[];
  inlinePolicies?: string[];
  /** A console password; without one GetLoginProfile answers NoSuchEntity. */
  loginProfile?: boolean;
  keys?: IamAccessKeyRecord[];
  tags?: Record<string, string>;
}

export interface IamFailure {
  code: string;
  message: string;
  status: number;
}

export const THROTTLING: IamFailure = { code: 'Throttling', message: 'Rate exceeded', status: 400 };

export interface RecordedIamCall {
  action: string;
  params: Record<string, string>;
}

const ACCOUNT = '123456789012';
const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/**
 * The IAM Query API the connector calls: form-encoded POSTs (`Action=ListUsers&Version=2010-05-08`),
 * XML answers in the documented shapes, Marker/IsTruncated paging, and `<ErrorResponse>` errors.
 * `pageSize` makes it return fewer items than MaxItems, which IAM documents it may do.
 */
export class IamDouble {
  readonly calls: RecordedIamCall[] = [];
  readonly users: IamUserRecord[] = [];
  pageSize = 100;
  /** Milliseconds each answer is held back, so concurrent calls overlap. */
  delayMs = 0;
  maxInFlight = 0;
  private inFlight = 0;
  private readonly failures = new Map<string, IamFailure[]>();
  private port = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<IamDouble> {
    const server = createServer();
    const double = new IamDouble(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        double.inFlight += 1;
        double.maxInFlight = Math.max(double.maxInFlight, double.inFlight);
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        const { status, body } = double.answer(req.method ?? '', params);
        setTimeout(() => {
          double.inFlight -= 1;
          res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
        }, double.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    double.port = (server.address() as AddressInfo).port;
    return double;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addUser(user: IamUserRecord): void {
    this.users.push(user);
  }

  failNext(action: string, failure: IamFailure, times = 1): void {
    const queue = this.failures.get(action) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(action, queue);
  }

  callsOf(action: string): RecordedIamCall[] {
    return this.calls.filter((call) => call.action === action);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(method: string, params: Record<string, string>): { status: number; body: string } {
    const action = params.Action ?? '';
    this.calls.push({ action, params });
    if (method !== 'POST') return failure({ code: 'InvalidAction', message: 'Only POST is supported here', status: 400 });
    if (params.Version !== '2010-05-08') return failure({ code: 'InvalidAction', message: `Could not find operation ${action} for version ${params.Version ?? 'NO_VERSION_SPECIFIED'}`, status: 400 });
    const queued = this.failures.get(action)?.shift();
    if (queued) return failure(queued);
    if (action === 'ListUsers') return this.page(action, params, 'Users', this.users.map(userXml));
    if (action === 'GetAccessKeyLastUsed') return this.keyLastUsed(params.AccessKeyId ?? '');
    const user = this.users.find((candidate) => candidate.name === params.UserName);
    if (!user) return failure({ code: 'NoSuchEntity', message: `The user with name ${params.UserName ?? ''} cannot be found.`, status: 404 });
    switch (action) {
      case 'ListGroupsForUser':
        return this.page(action, params, 'Groups', (user.groups ?? []).map((group) => `<member><Path>/</Path><GroupName>${xml(group)}</GroupName><GroupId>AGPA${id(group)}</GroupId><Arn>arn:aws:iam::${ACCOUNT}:group/${xml(group)}</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></member>`));
      case 'ListAttachedUserPolicies':
        return this.page(action, params, 'AttachedPolicies', (user.attachedPolicies ?? []).map((policy) => `<member><PolicyName>${xml(policy)}</PolicyName><PolicyArn>arn:aws:iam::aws:policy/${xml(policy)}</PolicyArn></member>`));
      case 'ListUserPolicies':
        return this.page(action, params, 'PolicyNames', (user.inlinePolicies ?? []).map((policy) => `<member>${xml(policy)}</member>`));
      case 'ListUserTags':
        return this.page(action, params, 'Tags', Object.entries(user.tags ?? {}).map(([key, value]) => `<member><Key>${xml(key)}</Key><Value>${xml(value)}</Value></member>`));
      case 'ListAccessKeys':
        return this.page(action, params, 'AccessKeyMetadata', (user.keys ?? []).map((key) => `<member><UserName>${xml(user.name)}</UserName><AccessKeyId>${key.id}</AccessKeyId><Status>${key.status}</Status><CreateDate>${key.created}</CreateDate></member>`));
      case 'GetLoginProfile':
        if (!user.loginProfile) return failure({ code: 'NoSuchEntity', message: `Login Profile for User ${user.name} cannot be found.`, status: 404 });
        return ok(action, `<LoginProfile><UserName>${xml(user.name)}</UserName><CreateDate>${user.created}</CreateDate><PasswordResetRequired>false</PasswordResetRequired></LoginProfile>`);
      default:
        return failure({ code: 'InvalidAction', message: `Could not find operation ${action} for version 2010-05-08`, status: 400 });
    }
  }

  /** GetAccessKeyLastUsed names a key, not a user, so it is answered from every user's keys. */
  private keyLastUsed(keyId: string): { status: number; body: string } {
    const owner = this.users.find((user) => user.keys?.some((key) => key.id === keyId));
    const key = owner?.keys?.find((candidate) => candidate.id === keyId);
    if (!owner || !key) return failure({ code: 'NoSuchEntity', message: `The Access Key with id ${keyId} cannot be found`, status: 404 });
    const used = key.lastUsed ? `<LastUsedDate>${key.lastUsed}</LastUsedDate><ServiceName>s3</ServiceName><Region>us-east-1</Region>` : '<ServiceName>N/A</ServiceName><Region>N/A</Region>';
    return ok('GetAccessKeyLastUsed', `<UserName>${xml(owner.name)}</UserName><AccessKeyLastUsed>${used}</AccessKeyLastUsed>`);
  }

  private page(action: string, params: Record<string, string>, element: string, members: string[]): { status: number; body: string } {
    const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64').toString().split(':')[1]) : 0;
    const size = Math.min(Number(params.MaxItems ?? 100), this.pageSize);
    const end = start + size;
    const truncated = end < members.length;
    const marker = truncated ? `<Marker>${Buffer.from(`${action}:${end}`).toString('base64')}</Marker>` : '';
    return ok(action, `<${element}>${members.slice(start, end).join('')}</${element}><IsTruncated>${truncated}</IsTruncated>${marker}`);
  }
}

function userXml(user: IamUserRecord): string {
  const path = user.path ?? '/';
  const used = user.passwordLastUsed ? `<PasswordLastUsed>${user.passwordLastUsed}</PasswordLastUsed>` : '';
  return `<member><Path>${xml(path)}</Path><UserName>${xml(user.name)}</UserName><UserId>AIDA${id(user.name)}</UserId><Arn>arn:aws:iam::${ACCOUNT}:user${xml(path)}${xml(user.name)}</Arn><CreateDate>${user.created}</CreateDate>${used}</member>`;
}

function ok(action: string, result: string): { status: number; body: string } {
  return { status: 200, body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>` };
}

function failure(error: IamFailure): { status: number; body: string } {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return { status: error.status, body: `<ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${error.code}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>` };
}

function id(name: string): string {
  return Buffer.from(name).toString('hex').toUpperCase().padEnd(17, '0').slice(0, 17);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
