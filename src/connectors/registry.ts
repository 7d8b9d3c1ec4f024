import { S3Client } from '@aws-sdk/client-s3';
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../clock.ts';
import type { SystemConfig } from '../config-schema.ts';
import { AwsIamConnector, type AwsIamConnectorOptions } from './aws-iam.ts';
import { FileConnector, type ObjectReader } from './file.ts';
import { GitHubConnector } from './github.ts';
import { s3ObjectReader } from './s3-reader.ts';
import { SlackConnector } from './slack.ts';
import { ConnectorError, type Connector } from './types.ts';

export interface ConnectorDeps {
  slack: WebClient;
  /** GITHUB_TOKEN; only GitHub systems need it. */
  githubToken?: string;
  /**
   * For the IAM connector (`endpoint` is the IAM endpoint, never S3's) and, without `endpoint`,
   * for the S3 reader of s3:// exports. Unset fields fall back to the SDK's defaults.
   */
  aws?: Pick<AwsIamConnectorOptions, 'region' | 'endpoint' | 'credentials' | 'maxAttempts'>;
  /** Where relative export paths resolve: the folder of evidence.config.yaml. */
  cwd: string;
  /** For s3:// exports; an S3-compatible store (S3_ENDPOINT) needs one passed in, else AWS S3 is used. */
  s3Reader?: ObjectReader;
  clock?: Clock;
}

export type ConnectorSystem = Pick<SystemConfig, 'id' | 'name'> & { connector?: SystemConfig['connector'] };

/** The connector a system's config names, ready to list; a system without one fails with a ConnectorError. */
export function createConnector(system: ConnectorSystem, deps: ConnectorDeps): Connector {
  const config = system.connector;
  const name = system.name;
  if (!config) throw new ConnectorError(name, `system "${system.id}" has no connector configured; add one under systems[].connector in evidence.config.yaml`);
  switch (config.type) {
    case 'slack':
      return new SlackConnector(deps.slack, { system: name });
    case 'github':
      if (!deps.githubToken) throw new ConnectorError(name, `GITHUB_TOKEN is not set; the GitHub connector for organization ${config.org} needs it`);
      return new GitHubConnector({ system: name, org: config.org, token: deps.githubToken, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), ...(deps.clock ? { clock: deps.clock } : {}) });
    case 'aws-iam': {
      // The config's endpoint wins over deps.aws (which carries credentials and the region default).
      return new AwsIamConnector({ ...deps.aws, system: name, region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}), ...(deps.clock ? { clock: deps.clock } : {}) });
    }
    case 'file': {
      const s3 = config.path.startsWith('s3://') ? (deps.s3Reader ?? defaultS3Reader(deps.aws)) : undefined;
      return new FileConnector({ system: name, path: config.path, cwd: deps.cwd, ...(config.format ? { format: config.format } : {}), ...(s3 ? { s3 } : {}) });
    }
    default:
      return unknownType(name, config);
  }
}

function defaultS3Reader(aws: ConnectorDeps['aws']): ObjectReader {
  return s3ObjectReader(
    new S3Client({
      region: aws?.region ?? 'us-east-1',
      ...(aws?.credentials ? { credentials: aws.credentials } : {}),
      maxAttempts: aws?.maxAttempts ?? 3,
    }),
  );
}

/** Config is validated at start-up, so only a schema change without a connector for it lands here. */
function unknownType(name: string, config: never): never {
  throw new ConnectorError(name, `unknown connector type ${JSON.stringify((config as { type?: unknown }).type)}`);
}
