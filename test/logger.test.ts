import { describe, expect, it } from 'vitest';
import { JsonLogger } from '../src/logger.ts';

describe('JSON logger', () => {
  it('when a message is logged with fields and an error, then one JSON line carries level, message and fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ write: (line) => lines.push(line), now: () => new Date('2026-07-03T00:00:00Z') });
    logger.warn('upload failed', { key: 'k', attempt: 2 }, new Error('boom'));
    expect(JSON.parse(lines[0]!)).toEqual({ time: '2026-07-03T00:00:00.000Z', level: 'warn', key: 'k', attempt: 2, error: { name: 'Error', message: 'boom' }, msg: 'upload failed' });
  });

  it('when a level is below the threshold, then nothing is written', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info('quiet');
    logger.debug('quieter');
    expect(lines).toEqual([]);
  });

  it('when a configured secret or a token shape appears anywhere, then it is redacted', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ secrets: ['s3cr3t-signing'], write: (line) => lines.push(line) });
    logger.error('request failed', { header: 'v0=abc s3cr3t-signing' }, new Error('token xoxb-1234-5678-abcdefgh rejected'), 'xapp-1-A0-abcdefghij');
    expect(lines[0]).not.toContain('s3cr3t-signing');
    expect(lines[0]).not.toContain('xoxb-1234');
    expect(lines[0]).not.toContain('xapp-1-A0');
    expect(lines[0]).toContain('"header":"v0=abc [redacted]"');
  });
});
