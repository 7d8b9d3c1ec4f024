import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
