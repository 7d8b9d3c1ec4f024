/** One account in a system, as the system reports it. */
export interface Account {
  /** Stable ID in the source system (Slack user ID, GitHub login, IAM user name, the export's id column). */
  id: string;
  email: string | null;
  displayName: string;
  /** Roles, groups and attached policies, as the source names them. Sorted, no duplicates. */
  roles: string[];
  status: AccountStatus;
  /** ISO instant of the last sign-in, where the source has it; null when it never did or cannot tell. */
  lastLogin: string | null;
  /** Source-specific facts a reviewer should see (console access, access-key age, outside collaborator…). */
  attributes: Record<string, string>;
}

export type AccountStatus = 'active' | 'suspended' | 'deactivated' | 'invited' | 'bot';

/** A source of accounts for one system. Throws ConnectorError when it cannot give a trustworthy list. */
export interface Connector {
  /** What the reviewer is told the list came from: "GitHub organization example-inc". */
  readonly source: string;
  listAccounts(): Promise<Account[]>;
}

/**
 * A connector could not produce the list: unreachable API, bad credentials, malformed data, a
 * CSV with missing columns or duplicate IDs. The message is for the compliance channel and
 * `/evidence status`; it never carries a token.
 */
export class ConnectorError extends Error {
  constructor(
    readonly system: string,
    message: string,
  ) {
    super(`${system}: ${message}`);
    this.name = 'ConnectorError';
  }
}
