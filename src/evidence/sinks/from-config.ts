import type { Config } from '../../config.ts';
import { LocalSink } from './local.ts';
import { S3Sink } from './s3.ts';
import type { Sink } from './types.ts';

/** S3 when EVIDENCE_BUCKET is set, otherwise the local write-once folder. */
export function sinkFromConfig(config: Config): Sink {
  const { env, settings } = config;
  if (env.EVIDENCE_BUCKET) {
    // Keys from the environment when given; otherwise the SDK's own chain (instance role, SSO, profile).
    const credentials =
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
        : undefined;
    return new S3Sink({ bucket: env.EVIDENCE_BUCKET, region: env.AWS_REGION, endpoint: env.S3_ENDPOINT, objectLock: settings.evidence.objectLock, credentials });
  }
  return new LocalSink(env.EVIDENCE_DIR);
}
