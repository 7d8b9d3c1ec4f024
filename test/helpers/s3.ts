import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';
import S3rver from 's3rver';
import { S3Sink } from '../../src/evidence/sinks/s3.ts';
import { tempDir } from './temp.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * A real S3 protocol server (s3rver) on 127.0.0.1 that records what crosses the wire, since
 * s3rver itself ignores Object Lock and checksum headers. `stop()` and `start()` take it down
 * and bring it back on the same port, as an outage would.
 */
export interface S3Double {
  endpoint: string;
  bucket: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
  start(): Promise<void>;
  sink(options?: { objectLock?: 'COMPLIANCE' | 'GOVERNANCE' | 'off' }): S3Sink;
}

export async function startS3Double(bucket = 'evidence-test'): Promise<S3Double> {
  const s3rver = new S3rver({ directory: tempDir('s3rver'), silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const start = async (): Promise<void> => {
    server = createServer((req, res) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      handle(req, res);
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  const stop = async (): Promise<void> => {
    if (!server) return;
    const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closing;
    server = null;
  };
  await start();
  return {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    bucket,
    requests,
    stop,
    start,
    sink: (options = {}) =>
      new S3Sink({
        bucket,
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        objectLock: options.objectLock ?? 'COMPLIANCE',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        maxAttempts: 1,
        requestTimeoutMs: 2_000,
      }),
  };
}
