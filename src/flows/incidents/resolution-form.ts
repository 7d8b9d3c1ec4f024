import { formatUtc } from '../../time-format.ts';
import { FOLLOW_UP_ROWS, INCIDENT_IDS } from '../../../views/incident.ts';
import { dateTimePicker, elementState, inputBlock, parseFormValues, staticSelect, textInput, usersSelect } from './form-state.ts';
import { IMPACT_OPTIONS } from './model.ts';
import type { ChosenOwner } from './owners.ts';

/** Before this, a time on the form is a slip of the picker, not an incident anyone could sign for. */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** The time picker offers quarter hours, so "now" rounded up to the next one is still accepted. */
const FUTURE_LEEWAY_MS = 15 * 60_000;

// Lengths as the modal's own max_length: Slack never sends more.
const shape = {
  [INCIDENT_IDS.narrativeBlock]: inputBlock(INCIDENT_IDS.narrativeAction, textInput(3000)),
  [INCIDENT_IDS.rootBlock]: inputBlock(INCIDENT_IDS.rootAction, textInput(3000)),
  [INCIDENT_IDS.impactBlock]: inputBlock(INCIDENT_IDS.impactAction, staticSelect),
  [INCIDENT_IDS.impactDetailsBlock]: inputBlock(INCIDENT_IDS.impactDetailsAction, textInput(2000)),
  [INCIDENT_IDS.detectedBlock]: inputBlock(INCIDENT_IDS.detectedAction, dateTimePicker),
  [INCIDENT_IDS.resolvedBlock]: inputBlock(INCIDENT_IDS.resolvedAction, dateTimePicker),
  ...Object.fromEntries(
    Array.from({ length: FOLLOW_UP_ROWS }, (_, n) => [
      [INCIDENT_IDS.followUpTextBlock(n), inputBlock(INCIDENT_IDS.followUpTextAction, textInput(500))],
      [INCIDENT_IDS.followUpOwnerBlock(n), inputBlock(INCIDENT_IDS.followUpOwnerAction, usersSelect)],
    ]).flat(),
  ),
};

export interface ResolutionForm {
  narrative: string;
  rootCause: string;
  impact: string;
  impactDetails: string;
  detectedAt: string;
  resolvedAt: string;
  followUps: { description: string; owner: string | null }[];
  /** The owners the person chose, to be checked against the workspace. */
  owners: ChosenOwner[];
}

function timeError(label: string, seconds: number, now: Date): string | null {
  const ms = seconds * 1000;
  if (ms < EARLIEST_MS) return `${label} cannot be before 2000.`;
  if (ms > now.getTime() + FUTURE_LEEWAY_MS) return `${label} cannot be in the future (it is now ${formatUtc(now)}).`;
  return null;
}

/** Reads and checks the resolution form; errors name the field a person has to fix, on its own block. */
export function readResolutionForm(values: unknown, now: Date): { errors: Record<string, string> } | { form: ResolutionForm } {
  const parsed = parseFormValues(shape, values, INCIDENT_IDS.narrativeBlock);
  if (!parsed.ok) return { errors: parsed.errors };
  const get = (block: string, action: string) => elementState(parsed.state, block, action);
  const errors: Record<string, string> = {};
  const narrative = (get(INCIDENT_IDS.narrativeBlock, INCIDENT_IDS.narrativeAction)?.value ?? '').trim();
  const rootCause = (get(INCIDENT_IDS.rootBlock, INCIDENT_IDS.rootAction)?.value ?? '').trim();
  const impact = get(INCIDENT_IDS.impactBlock, INCIDENT_IDS.impactAction)?.selected_option?.value ?? '';
  const detected = get(INCIDENT_IDS.detectedBlock, INCIDENT_IDS.detectedAction)?.selected_date_time;
  const resolved = get(INCIDENT_IDS.resolvedBlock, INCIDENT_IDS.resolvedAction)?.selected_date_time;
  if (narrative.length < 10) errors[INCIDENT_IDS.narrativeBlock] = 'Describe what happened and how it was resolved (a sentence or two at least).';
  if (rootCause.length < 3) errors[INCIDENT_IDS.rootBlock] = 'Give the root cause, or say it is still unknown and why.';
  if (!Object.hasOwn(IMPACT_OPTIONS, impact)) errors[INCIDENT_IDS.impactBlock] = 'Choose the customer impact.';
  const detectedError = typeof detected === 'number' ? timeError('Detected at', detected, now) : 'When was it detected?';
  const resolvedError = typeof resolved === 'number' ? timeError('Resolved at', resolved, now) : 'When was it resolved?';
  if (detectedError) errors[INCIDENT_IDS.detectedBlock] = detectedError;
  if (resolvedError) errors[INCIDENT_IDS.resolvedBlock] = resolvedError;
  else if (!detectedError && resolved! < detected!) errors[INCIDENT_IDS.resolvedBlock] = 'It cannot be resolved before it was detected.';
  const followUps: ResolutionForm['followUps'] = [];
  const owners: ChosenOwner[] = [];
  for (let n = 0; n < FOLLOW_UP_ROWS; n += 1) {
    const description = (get(INCIDENT_IDS.followUpTextBlock(n), INCIDENT_IDS.followUpTextAction)?.value ?? '').trim();
    const owner = get(INCIDENT_IDS.followUpOwnerBlock(n), INCIDENT_IDS.followUpOwnerAction)?.selected_user || null;
    if (!description && owner) errors[INCIDENT_IDS.followUpTextBlock(n)] = 'Say what the action is, or clear its owner.';
    if (!description) continue;
    followUps.push({ description, owner });
    if (owner) owners.push({ block: INCIDENT_IDS.followUpOwnerBlock(n), field: `the owner of action ${n + 1}`, slackId: owner });
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    form: {
      narrative,
      rootCause,
      impact: IMPACT_OPTIONS[impact]!,
      impactDetails: (get(INCIDENT_IDS.impactDetailsBlock, INCIDENT_IDS.impactDetailsAction)?.value ?? '').trim(),
      detectedAt: new Date(detected! * 1000).toISOString(),
      resolvedAt: new Date(resolved! * 1000).toISOString(),
      followUps,
      owners,
    },
  };
}
