import { fieldsOf, hasText, problems, type ArtifactFacts, type KindRule } from '../rule-types.ts';

const trainingConfirmed = ({ payload }: ArtifactFacts): boolean => fieldsOf(fieldsOf(payload)?.training)?.completed === true;

/** A person's signed acknowledgment of the current policies and, when configured, the security training. */
export const acknowledgmentRule: KindRule = {
  kind: 'acknowledgment',
  what: 'One person\'s signed acknowledgment of the current policy versions (and the security training, where configured), asked by DM, with its reminders and escalations.',
  signer: 'required',
  supports: {
    'CC1.1': { reason: 'Each person signs that they have read and will comply with the policies that set the standards of conduct expected of them.' },
    'CC1.4': {
      reason: 'Each person confirms, by name and date, that they completed the security training the organization gives them.',
      needs: { test: trainingConfirmed, lacking: 'confirms no security training, which is what CC1.4 rests on' },
    },
    'CC1.5': { reason: 'Each person is asked by name, chased, and escalated to their manager until they sign for their own responsibilities under the policies.' },
    'CC2.2': { reason: 'The current policies are sent to every person in scope and each receipt is signed, naming the versions acknowledged.' },
    'CC5.3': { reason: 'It shows the policies were deployed to the people they apply to; the procedures that put them into action need evidence of their own.', partial: true },
  },
  notFor: {
    CC6: 'An acknowledgment is a person\'s statement about policies: it grants, reviews or removes no access, so it cannot show that logical access was controlled.',
    CC7: 'An acknowledgment records no security event, incident or response.',
    CC8: 'An acknowledgment records no change to systems.',
  },
  configuredBy: 'acknowledgments.controls',
  otherwise: 'A policy acknowledgment shows that policies were communicated and accepted; it is not evidence for this criterion.',
  check: ({ entry, payload }) => {
    const fields = fieldsOf(payload);
    const policies = fields?.policies;
    const training = fieldsOf(fields?.training);
    return problems(
      !hasText(fields, 'statement') && 'no signed statement',
      !Array.isArray(policies) && 'no list of the policies acknowledged',
      Array.isArray(policies) && policies.length === 0 && !training && 'acknowledges neither a policy nor a training',
      Array.isArray(policies) && policies.some((policy) => fieldsOf(policy)?.acknowledged !== true) && 'a policy is not marked acknowledged',
      training !== null && training.completed !== true && 'the training is not marked completed',
      entry.signer !== null && fields?.signer_slack_id !== entry.signer.slackId && 'the record was signed by someone other than the artifact\'s signer',
    );
  },
};
