import type { Clock } from '../clock.ts';
import type { Settings, SystemConfig } from '../config-schema.ts';
import type { Connector } from '../connectors/types.ts';
import type { Drafter } from '../drafter/types.ts';
import type { Evidence } from '../evidence/evidence.ts';
import type { Logger } from '../logger.ts';
import type { SlackPort } from '../slack/port.ts';
import type { Db } from '../store/db.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { Directory } from './directory.ts';
import type { RequestKinds } from './request-kinds.ts';

/** What every flow receives: narrow ports, no Bolt, no process.env. */
export interface FlowDeps {
  db: Db;
  /** Durable writes that gate an ack (a signature) go through here: grouped into one commit. */
  writer: GroupCommit;
  slack: SlackPort;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  directory: Directory;
  evidence: Evidence;
  kinds: RequestKinds;
  /** The account source of a system; throws ConnectorError when none can be built. */
  connectors: (system: SystemConfig) => Connector;
  /** Drafts postmortems: the model with ANTHROPIC_API_KEY, a template without. */
  drafter: Drafter;
  /** A PagerDuty user's email through its REST API, when PAGERDUTY_API_TOKEN is set. */
  pagerDutyEmail: ((pagerDutyUserId: string) => Promise<string | null>) | null;
}
