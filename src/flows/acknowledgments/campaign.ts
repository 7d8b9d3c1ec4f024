import { slugify } from '../../evidence/path-schema.ts';
import { newId } from '../../ids.ts';
import { addEvent, insertRequest, updateRequest, type RequestRow } from '../../store/requests.ts';
import { stmt } from '../../store/statements.ts';
import { acknowledgmentTitle } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { timingFor } from '../escalation.ts';
import { ACK_KIND, acknowledgmentKey, currentPolicies, versionsKey, type AcknowledgmentPayload } from './model.ts';

export interface CampaignResult {
  period: string;
  inScope: number;
  created: number;
  alreadyAsked: number;
  superseded: number;
}

/**
 * Asks every employee in scope (or the given people, e.g. a new hire) to acknowledge the
 * current policy versions and confirm the training for the period. Safe to run twice: a person
 * already asked for these versions is not asked again; an open request for older versions is
 * cancelled in favour of the new one.
 */
export async function startAcknowledgments(deps: FlowDeps, input: { period: string; userIds?: string[]; reason: string }): Promise<CampaignResult> {
  const { db, clock, settings, logger } = deps;
  const policies = currentPolicies(settings);
  const training = settings.acknowledgments.training ?? null;
  const result: CampaignResult = { period: input.period, inScope: 0, created: 0, alreadyAsked: 0, superseded: 0 };
  if (policies.length === 0 && !training) {
    logger.info('no policies or training configured: nothing to acknowledge');
    return result;
  }
  const people = await audience(deps, input.userIds);
  result.inScope = people.length;
  const versions = versionsKey(settings);
  const dueAt = new Date(clock.now().getTime() + timingFor(settings, ACK_KIND).escalateAfter).toISOString();
  const payload: AcknowledgmentPayload = { period: input.period, policies, training, reason: input.reason };
  const title = acknowledgmentTitle(payload);
  const now = clock.now();
  db.transaction(() => {
    for (const person of people) {
      const dedupeKey = acknowledgmentKey(input.period, person.slackId, versions);
      for (const stale of openOlderRequests(deps, person.slackId, input.period, dedupeKey)) {
        updateRequest(db, stale.id, { state: 'cancelled', next_action_at: null });
        addEvent(db, stale.id, 'cancelled', now.toISOString(), 'superseded by a request for newer policy versions');
        result.superseded += 1;
      }
      const created = insertRequest(
        db,
        { id: newId(), kind: ACK_KIND, subject: subjectFor(person.name, person.slackId), title, controls: settings.acknowledgments.controls, assignee: person.slackId, dedupeKey, payload, dueAt },
        now,
      );
      if (created) result.created += 1;
      else result.alreadyAsked += 1;
    }
  })();
  logger.info('acknowledgment requests created', { ...result, reason: input.reason });
  return result;
}

async function audience(deps: FlowDeps, userIds: string[] | undefined): Promise<{ slackId: string; name: string }[]> {
  const { settings, directory } = deps;
  const excluded = new Set(settings.acknowledgments.exclude);
  if (userIds) {
    const people = [];
    for (const id of userIds) {
      const person = await directory.person(id);
      if (person?.active && !excluded.has(id)) people.push({ slackId: id, name: person.name });
    }
    return people;
  }
  if (settings.acknowledgments.audience === 'listed') {
    const people = [];
    for (const id of settings.acknowledgments.users) {
      if (excluded.has(id)) continue;
      const person = await directory.person(id);
      if (person?.active) people.push({ slackId: id, name: person.name });
    }
    return people;
  }
  const everyone = await directory.refreshAll();
  return everyone.filter((person) => !person.isBot && !person.deleted && !person.isRestricted && !excluded.has(person.id)).map((person) => ({ slackId: person.id, name: person.name }));
}

function openOlderRequests(deps: FlowDeps, assignee: string, period: string, currentKey: string): RequestRow[] {
  return (
    stmt(deps.db, "SELECT * FROM requests WHERE kind = ? AND assignee = ? AND state IN ('open', 'escalated') AND dedupe_key LIKE ? AND dedupe_key != ?").all(
      ACK_KIND,
      assignee,
      `${ACK_KIND}:${period}:%`,
      currentKey,
    ) as RequestRow[]
  );
}

function subjectFor(name: string, slackId: string): string {
  try {
    return slugify(name);
  } catch {
    return slackId.toLowerCase();
  }
}
