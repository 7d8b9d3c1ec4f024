import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * PagerDuty's REST API for GET /users/{id}, as it answers: `Authorization: Token token=<key>`
 * required (401 otherwise), 404 for unknown users, and 429 on demand.
 */
export class PagerDutyDouble {
  readonly requests: { path: string; authorization: string | undefined; accept: string | undefined }[] = [];
  private readonly users = new Map<string, { id: string; name: string; email: string }>();
  private rateLimited = 0;

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token = 'pd-api-token-0123456789'): Promise<PagerDutyDouble> {
    const server = createServer();
    const double = new PagerDutyDouble(server, token);
    server.on('request', (req, res) => {
      double.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, accept: req.headers.accept });
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Token token=${double.token}`) return send(401, { error: { message: 'Unauthorized', code: 2006 } });
      if (double.rateLimited > 0) {
        double.rateLimited -= 1;
        return send(429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }, { 'retry-after': '1' });
      }
      const match = /^\/users\/([A-Z0-9]+)$/.exec(req.url ?? '');
      const user = match ? double.users.get(match[1]!) : undefined;
      if (req.method !== 'GET' || !user) return send(404, { error: { message: 'Not Found', code: 2100 } });
      send(200, { user: { ...user, type: 'user', summary: user.name, self: `https://api.pagerduty.com/users/${user.id}` } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return double;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  addUser(user: { id: string; name: string; email: string }): void {
    this.users.set(user.id, user);
  }

  answer429(times: number): void {
    this.rateLimited = times;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
