/** What every artifact kind hands the renderer: header facts, body sections, signature, history. */

export interface Signer {
  name: string;
  /** Null when Slack did not share one; the Slack ID still identifies the signer. */
  email: string | null;
  slackId: string;
  /** IANA zone from the signer's Slack profile; the PDF shows signed-at in it beside UTC. */
  timeZone: string;
}

export interface HistoryEntry {
  at: string;
  what: string;
  detail?: string;
}

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'fields'; rows: [label: string, value: string][] }
  | { type: 'table'; columns: { header: string; width: number }[]; rows: string[][] }
  | { type: 'list'; items: string[] };

/** Two lines of 32, so a SHA-256 in a table column breaks where a reader expects, not mid-run. */
export function hashCell(hash: string): string {
  return hash.length === 64 ? `${hash.slice(0, 32)}\n${hash.slice(32)}` : hash;
}

export interface Section {
  heading: string;
  blocks: Block[];
}

export interface RenderModel {
  id: string;
  organization: string;
  title: string;
  kind: string;
  controls: string[];
  period: string;
  effective: { from: string; to: string };
  capturedAt: string;
  subject: string;
  subjectLabel: string;
  sections: Section[];
  /** Null for evidence the system recorded by itself (a snapshot, say): nobody signed it. */
  signer: Signer | null;
  signedAt: string;
  history: HistoryEntry[];
  payloadSha256: string;
  /** What the footer's SHA-256 is of, when it is not the payload (a package index: its manifest.json). */
  hashOf?: string;
}
