import { detectedAt, durations, resolvedAt } from './facts.ts';
import { ACTION_ITEM_LIMIT, TEXT_LIMIT, plainText } from './limits.ts';
import { formatDuration, formatMinute } from './times.ts';
import type { PostmortemDraft, PostmortemInput } from './types.ts';

type TimelineEntry = PostmortemInput['incident']['timeline'][number];

const NOT_RECORDED = 'Not recorded in the signed resolution.';
/** Marks what only the owner can write; a postmortem still carrying it cannot be signed. */
export const OWNER_PROMPT = 'To be completed by the postmortem owner.';

/** A factual draft from the record alone, for when the model is not configured or could not be used. */
export function templateDraft(input: PostmortemInput, reason: string): PostmortemDraft {
  const { resolution } = input;
  const followUps = resolution.followUps.map((item) => ({ description: plainText(item.description), owner: item.owner === null ? null : plainText(item.owner) || null })).filter((item) => item.description !== '');
  return {
    summary: plainText(summary(input)),
    impact: plainText(resolution.customerImpact) || NOT_RECORDED,
    timeline: timeline(input),
    rootCause: plainText(resolution.rootCause) || NOT_RECORDED,
    resolution: plainText(resolutionText(input, followUps.length)),
    whatWentWell: plainText(whatWentWell(input)),
    whatWentWrong: plainText(whatWentWrong(input)),
    actionItems: followUps.slice(0, ACTION_ITEM_LIMIT),
    generatedBy: 'template',
    fallbackReason: reason,
  };
}

function summary(input: PostmortemInput): string {
  const { incident, resolution } = input;
  const resolved = resolvedAt(input);
  const took = durations(input).detectionToResolution;
  const times = [
    incident.triggeredAt && `the alert fired ${formatMinute(incident.triggeredAt)}`,
    incident.acknowledgedAt && `it was acknowledged ${formatMinute(incident.acknowledgedAt)}`,
    resolved && `it was resolved ${formatMinute(resolved)}${took !== null && took >= 0 ? ` (${formatDuration(took)} after detection)` : ''}`,
  ].filter(Boolean);
  return [
    `Incident ${oneLine(incident.number)}: ${oneLine(incident.title)}.`,
    `Severity: ${incident.severity ?? 'not recorded'}. Service: ${incident.service ?? 'not recorded'}. Source: ${incident.source}.`,
    times.length > 0 ? `${capitalise(times.join('; '))}.` : 'The record has no alert, acknowledgement or resolution times.',
    `Resolution signed by ${resolution.signedBy} on ${formatMinute(resolution.signedAt)}.`,
  ].join(' ');
}

function timeline(input: PostmortemInput): string {
  const entries = input.incident.timeline.length > 0 ? input.incident.timeline : recordTimes(input);
  if (entries.length === 0) return 'No timeline entries in the incident record.';
  const lines = sortedByTime(entries).map((entry) => `${formatMinute(entry.at)} — ${oneLine(entry.what)}${entry.detail?.trim() ? ` (${oneLine(entry.detail)})` : ''}`);
  const kept: string[] = [];
  // Room for the closing note, so a long timeline says what it left out rather than stopping mid-line.
  let used = 60;
  for (const line of lines) {
    if (used + line.length + 1 > TEXT_LIMIT) break;
    kept.push(line);
    used += line.length + 1;
  }
  if (kept.length < lines.length) kept.push(`… ${lines.length - kept.length} more entries in the incident record.`);
  return plainText(kept.join('\n'));
}

/** The alerting tool gave no timeline: the record's own times still tell the story. */
function recordTimes(input: PostmortemInput): TimelineEntry[] {
  const { incident, resolution } = input;
  const entries: { at: string | null; what: string }[] = [
    { at: incident.triggeredAt, what: 'Alert fired' },
    { at: incident.acknowledgedAt, what: 'Acknowledged' },
    { at: resolution.detectedAt, what: 'Detected (per the on-call)' },
    { at: resolvedAt(input), what: 'Resolved' },
  ];
  return entries.filter((entry): entry is TimelineEntry => entry.at !== null);
}

function sortedByTime<T extends { at: string }>(entries: T[]): T[] {
  const key = (entry: T) => {
    const ms = Date.parse(entry.at);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return [...entries].sort((a, b) => key(a) - key(b));
}

function resolutionText(input: PostmortemInput, followUpCount: number): string {
  const { resolution } = input;
  const parts = [plainText(resolution.narrative) || 'The signed resolution has no narrative.'];
  if (followUpCount > ACTION_ITEM_LIMIT) parts.push(`${followUpCount - ACTION_ITEM_LIMIT} further follow-ups are listed in the signed resolution.`);
  return parts.join('\n\n');
}

function whatWentWell(input: PostmortemInput): string {
  const { alertToAcknowledgement, detectionToResolution } = durations(input);
  const detected = detectedAt(input);
  const facts = [
    alertToAcknowledgement !== null && alertToAcknowledgement >= 0 && `acknowledged ${formatDuration(alertToAcknowledgement)} after the alert fired`,
    detected && detectionToResolution !== null && detectionToResolution >= 0 && `resolved ${formatDuration(detectionToResolution)} after detection at ${formatMinute(detected)}`,
  ].filter(Boolean);
  return [OWNER_PROMPT, facts.length > 0 ? `From the record: ${facts.join('; ')}.` : '', 'What helped detection, diagnosis and recovery?'].filter(Boolean).join(' ');
}

function whatWentWrong(input: PostmortemInput): string {
  const { alertToDetection } = durations(input);
  const detection =
    alertToDetection === null ? null
    : alertToDetection > 0 ? `detected ${formatDuration(alertToDetection)} after the alert fired`
    : alertToDetection < 0 ? `the on-call detected it ${formatDuration(alertToDetection)} before the alert fired`
    : null;
  return [OWNER_PROMPT, detection ? `From the record: ${detection}.` : '', 'What slowed detection, diagnosis or recovery, and what would have prevented it?'].filter(Boolean).join(' ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
