import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user as GitHub's list endpoints return one (the simple-user shape, trimmed). */
export interface GitHubUserRecord {
  login: string;
  id: number;
  node_id: string;
  type: string;
  site_admin: boolean;
  name?: string | null;
  email?: string | null;
  [field: string]: unknown;
}

export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

let nextId = 1_000;

export function githubUser(login: string, extra: Partial<GitHubUserRecord> = {}): GitHubUserRecord {
  nextId += 1;
  return { login, id: nextId, node_id: Buffer.from(`04:User${nextId}`).toString('base64'), type: 'User', site_admin: false, ...extra };
}

/**
 * The organization endpoints the GitHub connector reads, as GitHub answers them: Bearer auth,
 * per_page (default 30, at most 100) with page numbers, Link headers with absolute URLs,
 * x-ratelimit-* headers, and GitHub's `{ message }` error bodies. Canned answers jump the queue.
 */
export class GitHubDouble {
  readonly requests: RecordedGitHubRequest[] = [];
  admins: GitHubUserRecord[] = [];
  members: GitHubUserRecord[] = [];
  outside: GitHubUserRecord[] = [];
  private readonly canned: CannedAnswer[] = [];
  private port = 0;

  private constructor(
    private readonly server: Server,
    readonly org: string,
    readonly token: string,
  ) {}

  static async start(options: { org?: string; token?: string } = {}): Promise<GitHubDouble> {
    const server = createServer();
    const double = new GitHubDouble(server, options.org ?? 'example-inc', options.token ?? 'ghp_testtoken0123456789');
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', double.apiUrl);
      double.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), authorization: req.headers.authorization });
      const answer = double.canned.shift() ?? double.route(req.method ?? '', url, req.headers.authorization);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers }).end(answer.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    double.port = (server.address() as AddressInfo).port;
    return double;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  answerNext(answer: CannedAnswer, times = 1): void {
    for (let i = 0; i < times; i += 1) this.canned.push(answer);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private route(method: string, url: URL, authorization: string | undefined): CannedAnswer {
    if (authorization !== `Bearer ${this.token}`) return error(401, 'Bad credentials');
    const match = /^\/orgs\/([^/]+)\/(members|outside_collaborators)$/.exec(url.pathname);
    if (method !== 'GET' || !match || decodeURIComponent(match[1]!).toLowerCase() !== this.org) return error(404, 'Not Found');
    const role = url.searchParams.get('role') ?? 'all';
    const list = match[2] === 'outside_collaborators' ? this.outside : role === 'admin' ? this.admins : role === 'member' ? this.members : [...this.admins, ...this.members];
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const headers: Record<string, string> = { ...rateHeaders() };
    const link = linkHeader(url, page, last);
    if (link) headers.link = link;
    return { status: 200, headers, body: JSON.stringify(list.slice((page - 1) * perPage, page * perPage)) };
  }
}

function linkHeader(url: URL, page: number, last: number): string {
  const at = (n: number) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    return `<${target.href}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.join(', ');
}

function rateHeaders(): Record<string, string> {
  return { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core', 'x-ratelimit-reset': '1783346400' };
}

function error(status: number, message: string): CannedAnswer {
  return { status, headers: rateHeaders(), body: JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest', status: String(status) }) };
}
