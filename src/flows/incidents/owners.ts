import type { Person } from '../directory.ts';
import type { FlowDeps } from '../deps.ts';

/**
 * How long a submission waits for Slack to say who an owner is: the form's whole answer must
 * reach Slack within 3 seconds, and most owners are already known without asking.
 */
const LOOKUP_BUDGET_MS = 1_500;

/** An owner chosen on a form: the block that holds the choice, and the field's name ("the owner of action 1"). */
export interface ChosenOwner {
  block: string;
  field: string;
  slackId: string;
}

type Lookup = Person | null | 'unanswered';

async function lookUp(deps: Pick<FlowDeps, 'directory'>, slackId: string): Promise<Lookup> {
  const known = deps.directory.cached(slackId);
  if (known) return known;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'unanswered'>((resolve) => {
    timer = setTimeout(() => resolve('unanswered'), LOOKUP_BUDGET_MS);
  });
  try {
    return await Promise.race([deps.directory.person(slackId).catch((): 'unanswered' => 'unanswered'), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Form errors for owners who are not active people in the workspace (an unknown ID, a
 * deactivated account, a bot): a request assigned to them would reach nobody.
 */
export async function ownerErrors(deps: Pick<FlowDeps, 'directory'>, owners: ChosenOwner[]): Promise<Record<string, string>> {
  const found = await Promise.all(owners.map((owner) => lookUp(deps, owner.slackId)));
  const errors: Record<string, string> = {};
  owners.forEach((owner, index) => {
    const person = found[index];
    const field = owner.field.charAt(0).toUpperCase() + owner.field.slice(1);
    if (person === 'unanswered') errors[owner.block] = `Slack did not confirm who ${owner.field} is in time. Try again in a few seconds.`;
    else if (!person?.active) errors[owner.block] = `${field} (${owner.slackId}) is not an active member of this workspace. Choose someone else, or clear it.`;
  });
  return errors;
}
