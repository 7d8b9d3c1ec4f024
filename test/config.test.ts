import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { observationWindow } from '../src/audit/window.ts';
import { ConfigError, loadConfig, parseSettings } from '../src/config.ts';
import { tempDir } from './helpers/temp.ts';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('when there is no config file, then the embedded defaults are used', () => {
    const config = loadConfig({}, tempDir());
    expect(config.settingsSource).toBe('embedded defaults');
    expect(config.settings.evidence).toEqual({ prefix: 'evidence', retentionDays: 2557, maxPayloadBytes: 262144, checkpointCron: '5 0 * * *', objectLock: 'COMPLIANCE' });
    expect(config.settings.escalation.default).toEqual({ remindAfter: 48 * 3_600_000, remindEvery: 48 * 3_600_000, escalateAfter: 7 * 86_400_000, channelAfter: 10 * 86_400_000 });
    expect(config.env.EVIDENCE_DB).toBe('evidence.db');
    expect(config.env.EVIDENCE_DIR).toBe('evidence-data');
  });

  it('when the shipped example is loaded, then it is valid', () => {
    const config = loadConfig({ EVIDENCE_CONFIG: 'evidence.config.example.yaml' }, path.resolve(import.meta.dirname, '..'));
    expect(config.settings.systems.map((system) => system.id)).toEqual(['github', 'aws', 'slack', 'vercel']);
    expect(config.settings.admins.length).toBeGreaterThan(0);
  });

  it('when fields are wrong, then each problem names the file, the line, the field and the fault', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'evidence.config.yaml'),
      ['controls: [CC6.1, CC9.9]', 'systems:', '  - id: Git Hub', '    name: GitHub', '    reviewers: []', 'bogus: 1', 'escalation:', '  default:', '    remindAfter: 2 days', ''].join('\n'),
    );
    let error: unknown;
    try {
      loadConfig({}, dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.split('\n')[0]).toBe(`${path.join(dir, 'evidence.config.yaml')} is not valid:`);
    expect((error as ConfigError).problems).toEqual([
      'line 1, controls[1]: unknown control ID "CC9.9": expected a Trust Services Criterion such as CC6.1',
      'line 9, escalation.default.remindAfter: expected a duration such as 30m, 48h or 7d',
      'line 3, systems[0].id: expected a slug: lower-case a-z, 0-9 and "-"',
      'line 5, systems[0].reviewers: at least one reviewer is required',
      'line 6, bogus: Unrecognized key: "bogus"',
    ]);
  });

  it('when a policy names its document\'s SHA-256, then it must be one: 64 hex digits, kept in lower case', () => {
    const good = parseSettings('policies:\n  - { id: infosec, name: Infosec, version: "1", url: "https://x.example.com/p", sha256: ' + 'AB'.repeat(32) + ' }\n', 'test');
    expect(good.policies[0]!.sha256).toBe('ab'.repeat(32));
    expect(() => parseSettings('policies:\n  - { id: infosec, name: Infosec, version: "1", url: "https://x.example.com/p", sha256: "md5:abc" }\n', 'test')).toThrow(
      'policies[0].sha256: expected the SHA-256 of the published document: 64 hex digits, as `sha256sum policy.pdf` prints them',
    );
  });

  it('when the YAML is an alias bomb, then it is refused as a config error naming the file, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    expect(() => parseSettings(bomb, 'bomb.yaml')).toThrow(ConfigError);
    expect(() => parseSettings(bomb, 'bomb.yaml')).toThrow(/^bomb\.yaml is not valid:\n.*the YAML cannot be read: .*alias/is);
  });

  it('when the YAML itself is broken, then the line of the syntax error is named', () => {
    const problems = problemsOf(() => parseSettings('controls: [CC6.1\nadmins: x\n', 'evidence.config.yaml'));
    expect(problems[0]).toMatch(/^line \d+: /);
  });

  it('when a system maps a control that is not in scope, then that is refused', () => {
    const problems = problemsOf(() =>
      parseSettings('controls: [CC6.1]\nsystems:\n  - id: github\n    name: GitHub\n    reviewers: [U012ABCDEF]\n    controls: [CC6.1, CC6.2]\n', 'f.yaml'),
    );
    expect(problems).toEqual(['line 6, systems[0].controls[1]: CC6.2 is not in the top-level "controls" list']);
  });

  it('when a system leaves controls out, then it gets the access-review criteria that are in scope', () => {
    const settings = parseSettings('controls: [CC6.1, CC6.3]\nsystems:\n  - id: github\n    name: GitHub\n    reviewers: [U012ABCDEF]\n', 'f.yaml');
    expect(settings.systems[0]!.controls).toEqual(['CC6.1', 'CC6.3']);
  });

  it('when the audit settings are left out, then the window follows today, the digest runs on Mondays and links last 15 minutes', () => {
    const settings = parseSettings('', 'f.yaml');
    expect(settings.audit).toEqual({ window: {}, digest: '0 9 * * 1', linkExpiry: 15 * 60_000 });
    expect(observationWindow(settings, new Date('2026-07-06T13:00:00Z'))).toEqual({ label: '2025-07-07..2026-07-06', from: '2025-07-07', to: '2026-07-06' });
    const fixed = parseSettings('audit:\n  window: { from: 2026-01-01, to: "2026-12-31" }\n  linkExpiry: 1h\n', 'f.yaml');
    expect(observationWindow(fixed, new Date('2026-07-06T13:00:00Z'))).toEqual({ label: '2026-01-01..2026-12-31', from: '2026-01-01', to: '2026-12-31' });
    expect(fixed.audit.linkExpiry).toBe(3_600_000);
  });

  it('when the audit window or a system\'s start is not a real date, or the window ends before it starts, then each is named', () => {
    const problems = problemsOf(() =>
      parseSettings(
        ['systems:', '  - { id: github, name: GitHub, reviewers: [U012ABCDEF], since: 2026-02-30 }', 'audit:', '  window: { from: 2026-07-01, to: 2026-06-30 }', '  linkExpiry: 8d', '  digest: every monday', ''].join('\n'),
        'f.yaml',
      ),
    );
    expect(problems).toEqual([
      'line 2, systems[0].since: "2026-02-30" is not a real date',
      'line 6, audit.digest: "every monday" is not a cron expression (minute hour day-of-month month day-of-week)',
      'line 5, audit.linkExpiry: expected between 1m and 7d',
      'line 4, audit.window.to: the window must end on or after it starts (2026-07-01)',
    ]);
    expect(() => observationWindow(parseSettings('audit:\n  window: { from: 2027-01-01 }\n', 'f.yaml'), new Date('2026-07-06T13:00:00Z'))).toThrow(
      "audit.window.from (2027-01-01) is after the window's end (2026-07-06): set audit.window.to, or a start in the past.",
    );
  });

  it('when EVIDENCE_CONFIG points at a missing file, then start-up fails naming it', () => {
    const problems = problemsOf(() => loadConfig({ EVIDENCE_CONFIG: 'nope.yaml' }, tempDir()));
    expect(problems[0]).toMatch(/^file not found \(EVIDENCE_CONFIG points at .*nope\.yaml\)$/);
  });

  it('when the environment is wrong, then the variable is named', () => {
    const problems = problemsOf(() => loadConfig({ PORT: 'eighty', SLACK_API_URL: 'not a url', EVIDENCE_BUCKET: 'ab' }, tempDir()));
    expect(problems).toEqual([
      'SLACK_API_URL: expected an http(s) URL',
      'PORT: expected a port number from 0 to 65535, got "eighty"',
      'EVIDENCE_BUCKET: bucket names have at least 3 characters',
    ]);
  });

  it('when secrets are configured, then they are collected for the logger to scrub', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-token', SLACK_SIGNING_SECRET: 'signing-secret-123', HR_WEBHOOK_SECRET: '' }, tempDir());
    expect(config.secrets).toEqual(['xoxb-secret-token', 'signing-secret-123']);
  });
});
