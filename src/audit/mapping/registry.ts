import { accessReviewPartRule, accessReviewRule, accessSnapshotRule, revocationRule, revocationVerifiedRule } from './rules/access.ts';
import { acknowledgmentRule } from './rules/acknowledgments.ts';
import { incidentFollowUpRule, incidentResolutionRule, postmortemRule } from './rules/incidents.ts';
import { checklistStepRule, offboardingChecklistRule, offboardingVerificationRule, onboardingChecklistRule } from './rules/lifecycle.ts';
import type { KindRule } from './rule-types.ts';

/**
 * What every kind of artifact can evidence. A kind filed without a rule here is reported as
 * questionable ("no rule"), never guessed. To add a kind: write its KindRule (./rule-types.ts)
 * beside its flow's others in ./rules/, then add it to this list: one line.
 */
export const KIND_RULES: readonly KindRule[] = [
  acknowledgmentRule,
  accessReviewRule,
  accessReviewPartRule,
  accessSnapshotRule,
  revocationRule,
  revocationVerifiedRule,
  incidentResolutionRule,
  incidentFollowUpRule,
  postmortemRule,
  onboardingChecklistRule,
  offboardingChecklistRule,
  offboardingVerificationRule,
  checklistStepRule,
];

const BY_KIND = new Map(KIND_RULES.map((rule) => [rule.kind, rule]));

export function ruleFor(kind: string): KindRule | undefined {
  return BY_KIND.get(kind);
}
