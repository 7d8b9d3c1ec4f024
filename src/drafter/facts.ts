import { minutesBetween } from './times.ts';
import type { PostmortemInput } from './types.ts';

/** Durations computed from the record, in whole minutes; null where a time is missing. */
export interface IncidentDurations {
  alertToAcknowledgement: number | null;
  /** Negative when the on-call's stated detection came before the alert. */
  alertToDetection: number | null;
  detectionToResolution: number | null;
}

/** The signed resolution's times win over the alerting tool's: they are what the on-call attested. */
export function resolvedAt(input: PostmortemInput): string | null {
  return input.resolution.resolvedAt ?? input.incident.resolvedAt;
}

export function detectedAt(input: PostmortemInput): string | null {
  return input.resolution.detectedAt ?? input.incident.triggeredAt;
}

export function durations(input: PostmortemInput): IncidentDurations {
  const { incident, resolution } = input;
  return {
    alertToAcknowledgement: minutesBetween(incident.triggeredAt, incident.acknowledgedAt),
    alertToDetection: minutesBetween(incident.triggeredAt, resolution.detectedAt),
    detectionToResolution: minutesBetween(detectedAt(input), resolvedAt(input)),
  };
}
