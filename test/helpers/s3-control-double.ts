import { createServer } from 'node:http';

/**
 * Answers the bucket-level calls `evidence doctor` makes (HeadBucket, GetBucketVersioning,
 * GetObjectLockConfiguration), which s3rver does not implement, as AWS documents them.
 */
export async function startBucketControlDouble(state: { versioning: 'Enabled' | 'Suspended' | null; objectLock: boolean }) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const xml = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    };
    if (req.method === 'HEAD') return void res.writeHead(200).end();
    if (url.searchParams.has('versioning')) {
      return xml(200, `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${state.versioning ? `<Status>${state.versioning}</Status>` : ''}</VersioningConfiguration>`);
    }
    if (url.searchParams.has('object-lock')) {
      if (!state.objectLock) {
        return xml(404, '<Error><Code>ObjectLockConfigurationNotFoundError</Code><Message>Object Lock configuration does not exist for this bucket</Message></Error>');
      }
      return xml(200, '<ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>');
    }
    xml(501, '<Error><Code>NotImplemented</Code><Message>not in this double</Message></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
