import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { AwsIamConnector } from '../../src/connectors/aws-iam.ts';
import { FileConnector } from '../../src/connectors/file.ts';
import { GitHubConnector } from '../../src/connectors/github.ts';
import { createConnector, type ConnectorDeps, type ConnectorSystem } from '../../src/connectors/registry.ts';
import { SlackConnector } from '../../src/connectors/slack.ts';
import { ConnectorError } from '../../src/connectors/types.ts';
import { silentLogger } from '../../src/logger.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const deps: ConnectorDeps = { slack: new WebClient('xoxb-unused', { logger: silentLogger() }), cwd: FIXTURES, githubToken: 'ghp_registrytoken' };

function system(connector: ConnectorSystem['connector']): ConnectorSystem {
  return { id: 'sys', name: 'The System', connector };
}

function creationError(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return (error as ConnectorError).message;
  }
  throw new Error('expected a ConnectorError');
}

describe('connector registry', () => {
  it('when each connector type is configured, then the matching connector is built with the system name and its settings', () => {
    expect(createConnector(system({ type: 'slack' }), deps)).toBeInstanceOf(SlackConnector);

    const github = createConnector(system({ type: 'github', org: 'example-inc', apiUrl: 'https://github.example.com/api/v3' }), deps);
    expect(github).toBeInstanceOf(GitHubConnector);
    expect(github.source).toBe('GitHub organization example-inc');

    const iam = createConnector(system({ type: 'aws-iam', region: 'us-east-1' }), { ...deps, aws: { endpoint: 'http://127.0.0.1:4599', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
    expect(iam).toBeInstanceOf(AwsIamConnector);
    expect(iam.source).toBe('AWS IAM users at http://127.0.0.1:4599');

    const configured = createConnector(system({ type: 'aws-iam', region: 'us-east-1', endpoint: 'https://iam.example.internal' }), { ...deps, aws: { endpoint: 'http://127.0.0.1:4599' } });
    expect(configured.source).toBe('AWS IAM users at https://iam.example.internal');

    const file = createConnector(system({ type: 'file', path: 's3://drops/vercel/', format: 'csv' }), deps);
    expect(file).toBeInstanceOf(FileConnector);
    expect(file.source).toBe('newest export in s3://drops/vercel/');
  });

  it('when a file connector has a relative path, then it resolves against the config folder', async () => {
    const accounts = await createConnector(system({ type: 'file', path: 'vercel' }), deps).listAccounts();

    expect(accounts.map((account) => account.id)).toEqual(['usr_alice', 'usr_carol', 'usr_bob']);
  });

  it('when a system has no connector, then a ConnectorError says how to add one', () => {
    expect(creationError(() => createConnector({ id: 'vercel', name: 'Vercel' }, deps))).toBe('Vercel: system "vercel" has no connector configured; add one under systems[].connector in evidence.config.yaml');
  });

  it('when a GitHub system is configured without GITHUB_TOKEN, then a ConnectorError names the variable', () => {
    expect(creationError(() => createConnector(system({ type: 'github', org: 'example-inc' }), { ...deps, githubToken: undefined }))).toBe('The System: GITHUB_TOKEN is not set; the GitHub connector for organization example-inc needs it');
  });
});
