import { fieldsOf, isInstant, problems, type KindRule } from '../rule-types.ts';

const NOT_INCIDENTS = 'Onboarding and offboarding records show no security event, incident or response.';

export const onboardingChecklistRule: KindRule = {
  kind: 'onboarding-checklist',
  what: 'A new hire\'s completed onboarding checklist: each step (accounts, training, policy acknowledgment) with its owner and time, and the manager\'s attestation.',
  signer: 'optional',
  supports: {
    'CC1.4': { reason: 'The new hire\'s training and policy steps were done and recorded by their owners, with their dates.' },
    'CC6.2': { reason: 'Access was set up for the new hire through recorded steps and the manager attested it fits the role: the new user was registered and authorized.' },
  },
  notFor: { CC7: NOT_INCIDENTS },
  otherwise: 'An onboarding checklist is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(!Array.isArray(fields?.steps) || fields.steps.length === 0 ? 'no steps' : false, !isInstant(fields, 'completed_at') && 'no completion time');
  },
};

export const offboardingChecklistRule: KindRule = {
  kind: 'offboarding-checklist',
  what: 'A leaver\'s completed offboarding checklist: access removed in every system, devices recovered, the bot\'s re-check of every connected system, and the manager\'s attestation.',
  signer: 'optional',
  supports: {
    'CC6.2': { reason: 'The leaver\'s credentials were removed when access was no longer authorized, and every connected system was listed again to confirm it.' },
    'CC6.3': { reason: 'Access was removed when the person\'s role ended, step by step, by the people responsible.' },
  },
  notFor: { CC7: NOT_INCIDENTS },
  otherwise: 'An offboarding checklist is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(!Array.isArray(fields?.steps) || fields.steps.length === 0 ? 'no steps' : false, !isInstant(fields, 'completed_at') && 'no completion time', !Array.isArray(fields?.verifications) && 'no record of the re-check of the systems');
  },
};

export const offboardingVerificationRule: KindRule = {
  kind: 'offboarding-verification',
  what: 'The bot\'s listing of every connected system after a departure, naming each account of the person still there.',
  signer: 'none',
  supports: {
    'CC6.2': { reason: 'A fresh listing of every connected system shows whether the leaver\'s credentials were removed.' },
    'CC6.3': { reason: 'It shows, system by system, whether the leaver\'s access was removed.' },
  },
  notFor: { CC7: NOT_INCIDENTS },
  otherwise: 'An offboarding check is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(typeof fields?.clean !== 'boolean' && 'no result of the check', !Array.isArray(fields?.systems) && 'no systems checked');
  },
};

const STEP_REASON = 'One step of an onboarding or offboarding checklist, done by its owner and recorded against its due time, filed under the controls its template gives it.';

export const checklistStepRule: KindRule = {
  kind: 'checklist-step',
  what: 'One step of an onboarding or offboarding checklist: who did it, when, against which due time, with their note.',
  signer: 'optional',
  supports: { 'CC1.4': { reason: STEP_REASON }, 'CC6.2': { reason: STEP_REASON }, 'CC6.3': { reason: STEP_REASON } },
  notFor: { CC7: NOT_INCIDENTS },
  otherwise: 'A checklist step is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(!isInstant(fields, 'done_at') && 'no time the step was done', fields?.outcome !== 'done' && fields?.outcome !== 'not_applicable' && 'no outcome');
  },
};
