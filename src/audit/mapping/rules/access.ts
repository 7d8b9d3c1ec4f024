import { sha256Hex } from '../../../evidence/hash.ts';
import { fieldsOf, hasText, isInstant, problems, type KindRule } from '../rule-types.ts';

const NOT_PEOPLE = 'An access review shows who may use one system and that it was approved; it says nothing of the organization\'s integrity, competence or accountability of its people in general.';
const NOT_INCIDENTS = 'Access records show no security event, incident or response.';

/** One reviewer's signed decisions (a whole review, or one manager's part of it). */
function reviewPartProblems(part: unknown): string[] {
  const fields = fieldsOf(part);
  if (!fields) return ['a review part is not a record'];
  const decisions = Array.isArray(fields.decisions) ? fields.decisions.map(fieldsOf) : null;
  const ids = decisions?.map((decision) => decision?.account_id) ?? [];
  const revokedByDecision = (decisions ?? []).filter((decision) => decision?.decision === 'revoke').map((decision) => decision?.account_id);
  const revoked = Array.isArray(fields.revoked) ? fields.revoked : null;
  return problems(
    fields.attested !== true && 'the attestation is not affirmed',
    !hasText(fields, 'attestation') && 'no attestation statement',
    !decisions && 'no decisions',
    decisions !== null && typeof fields.accounts === 'number' && decisions.length !== fields.accounts && 'not every account has a decision',
    decisions !== null && decisions.some((decision) => !decision || typeof decision.account_id !== 'string' || (decision.decision !== 'keep' && decision.decision !== 'revoke')) && 'a decision is neither keep nor revoke for a named account',
    new Set(ids).size !== ids.length && 'an account has more than one decision',
    revoked !== null && (revoked.length !== revokedByDecision.length || revoked.some((id) => !revokedByDecision.includes(id as string))) && 'the revoked accounts do not match the decisions',
    !/^[0-9a-f]{64}$/.test(String(fields.snapshot_sha256 ?? '')) && 'no SHA-256 of the account list reviewed',
  );
}

/** A review signed by one reviewer carries its part; one routed to several managers carries every part. */
function reviewProblems(payload: unknown): string[] {
  const fields = fieldsOf(payload);
  if (Array.isArray(fields?.parts)) return fields.parts.length === 0 ? ['no review parts'] : [...new Set(fields.parts.flatMap(reviewPartProblems))];
  return reviewPartProblems(payload);
}

const REVIEW_SUPPORTS = {
  'CC6.1': 'The reviewer attested, account by account, that access to the system is appropriate, against the frozen list taken from the system itself.',
  'CC6.2': 'Accounts no longer authorized were identified in the review and their removal requested from the system\'s owner.',
  'CC6.3': 'Every account\'s roles were reviewed and kept or revoked: access modified or removed on the basis of roles and least privilege.',
};

export const accessReviewRule: KindRule = {
  kind: 'access-review',
  what: 'A periodic review of every account of one system: the frozen account list, changes since the last review, flagged accounts, a keep or revoke decision per account, and the reviewer\'s signed attestation.',
  signer: 'optional',
  supports: Object.fromEntries(Object.entries(REVIEW_SUPPORTS).map(([control, reason]) => [control, { reason }])),
  notFor: { CC1: NOT_PEOPLE, CC2: NOT_PEOPLE, CC7: NOT_INCIDENTS },
  configuredBy: 'systems[].controls',
  otherwise: 'An access review evidences who has access to one system and that it was approved; it is not evidence for this criterion.',
  check: ({ entry, payload }) => {
    const fields = fieldsOf(payload);
    // A review routed to several managers is signed part by part; the whole carries every signature.
    const signed = entry.signer !== null || (Array.isArray(fields?.parts) && fields.parts.length > 0);
    return problems(!signed && 'signed by nobody', ...reviewProblems(payload));
  },
};

export const accessReviewPartRule: KindRule = {
  kind: 'access-review-part',
  what: 'One manager\'s signed part of an access review routed to several managers; the complete review is filed as access-review once every part is signed.',
  signer: 'required',
  supports: Object.fromEntries(Object.keys(REVIEW_SUPPORTS).map((control) => [control, { reason: 'One manager\'s part of a review: the complete access review, filed when the last part is signed, is the evidence an auditor samples.', partial: true as const }])),
  notFor: { CC1: NOT_PEOPLE, CC2: NOT_PEOPLE, CC7: NOT_INCIDENTS },
  configuredBy: 'systems[].controls',
  otherwise: 'A part of an access review is not evidence for this criterion.',
  check: ({ payload }) => reviewPartProblems(payload),
};

export const accessSnapshotRule: KindRule = {
  kind: 'access-snapshot',
  what: 'The account list of one system as its connector returned it, frozen and hashed before a review (or to confirm revocations), recorded by the bot.',
  signer: 'none',
  supports: Object.fromEntries(
    Object.keys(REVIEW_SUPPORTS).map((control) => [control, { reason: 'The complete account list, taken from the system and hashed before anyone saw it, is the population the access review covered: its completeness and accuracy.' }]),
  ),
  notFor: { CC1: NOT_PEOPLE, CC2: NOT_PEOPLE, CC7: NOT_INCIDENTS },
  configuredBy: 'systems[].controls',
  otherwise: 'An account list is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    const canonical = typeof fields?.accounts_canonical_json === 'string' ? fields.accounts_canonical_json : null;
    let list: unknown = null;
    try {
      list = canonical === null ? null : JSON.parse(canonical);
    } catch {
      list = null;
    }
    return problems(
      !Array.isArray(list) && 'the account list is not a JSON array',
      canonical !== null && sha256Hex(canonical) !== fields?.sha256 && 'the account list does not hash to the SHA-256 it records',
      !hasText(fields, 'source') && 'no source system named',
      !isInstant(fields, 'taken_at') && 'no time the list was taken',
    );
  },
};

export const revocationRule: KindRule = {
  kind: 'revocation',
  what: 'The system owner\'s signed confirmation that an account revoked in an access review was removed, with what was done.',
  signer: 'required',
  supports: {
    'CC6.1': { reason: 'Removing the accounts a review revoked is part of operating the system\'s logical access security.' },
    'CC6.2': { reason: 'The system\'s owner signed that access no longer authorized was removed, saying what was done.' },
    'CC6.3': { reason: 'Access was removed as the reviewer decided, by the person responsible for the system.' },
  },
  notFor: { CC1: NOT_PEOPLE, CC2: NOT_PEOPLE, CC7: NOT_INCIDENTS },
  configuredBy: 'systems[].controls',
  otherwise: 'A revocation is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(fields?.confirmed !== true && 'the removal is not confirmed', !hasText(fields, 'note') && 'no note of what was done', !hasText(fields, 'account_id') && 'no account named');
  },
};

export const revocationVerifiedRule: KindRule = {
  kind: 'revocation-verified',
  what: 'The bot\'s record that the next listing of a system no longer has an account revoked in a review (or has it disabled).',
  signer: 'none',
  supports: Object.fromEntries(Object.keys(REVIEW_SUPPORTS).map((control) => [control, { reason: 'The next listing of the system, frozen and hashed, confirms that the revoked account is gone or disabled.' }])),
  notFor: { CC1: NOT_PEOPLE, CC2: NOT_PEOPLE, CC7: NOT_INCIDENTS },
  configuredBy: 'systems[].controls',
  otherwise: 'A revocation check is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(
      !/^[0-9a-f]{64}$/.test(String(fields?.snapshot_sha256 ?? '')) && 'no SHA-256 of the listing that confirms it',
      !hasText(fields, 'account_state') && 'no state of the account in that listing',
      !hasText(fields, 'revocation_request_id') && 'no revocation it confirms',
    );
  },
};
