import type { SlackUserRecord } from '../../../src/slack-double/index.ts';
import type { Db } from '../../../src/store/db.ts';
import type { RequestRow } from '../../../src/store/requests.ts';
import type { BotUnderTest } from '../support/bot-under-test.ts';

/** The bot's configuration for one flow. */
export interface ScenarioSetup {
  yaml: string;
  /** Extra environment: webhook secrets and the like. */
  env?: Record<string, string>;
  people?: (Partial<SlackUserRecord> & { id: string })[];
  channels?: { id: string; name: string }[];
  start?: string;
  /** Files written next to evidence.config.yaml before the bot starts (connector exports). */
  files?: Record<string, string>;
}

/**
 * One signed HTTP delivery that carries something the bot must keep: a view submission, a
 * webhook, a command that starts a flow. It can be sent again, as Slack, PagerDuty or the person
 * would when they saw no answer.
 */
export interface Delivery {
  /** For failure messages: what it is and for whom. */
  label: string;
  /** The request it signs, when it signs one. */
  requestId?: string;
  /** Whether the bot has recorded it (in SQLite): what a 200 must already mean. */
  recorded(db: Db): boolean;
  /**
   * Sends it once. True when the sender would consider it done (HTTP 200, the modal closed, the
   * command answered); false when it would try again.
   */
  send(): Promise<boolean>;
}

/**
 * A flow as the fault suite drives it. Adding a flow to the suite is writing one of these:
 * how it starts, how a person signs its requests, and which request kinds count as a signed
 * response (each must end as exactly one ledger entry with its objects in the sink).
 */
export interface FlowScenario {
  name: string;
  /** The configuration for a run that signs about `size` responses. */
  setup(size: number): ScenarioSetup;
  /** Request kinds a person signs in this flow. A request of these kinds answered by a person is "one signed response". */
  kinds: readonly string[];
  /**
   * How the flow starts (an admin's command, a provider's webhooks), so that `size` signatures
   * (at least 4) will be asked for in turn. Returns the deliveries to make, in order. Time then
   * passes an hour at a time until the next request is asked.
   */
  trigger(bot: BotUnderTest, size: number): Promise<Delivery[]>;
  /** How a person signs one request of this flow: opens it from the DM, fills the form, and hands back the submission unsent. */
  sign(bot: BotUnderTest, request: RequestRow): Promise<Delivery>;
  /**
   * Effects outside the ledger that must also happen exactly once (incidents per event,
   * follow-up requests per resolution…), by name, read from SQLite. Compared between a clean
   * run and a faulty one.
   */
  facts(bot: BotUnderTest): Record<string, number>;
}
