import { isObject } from './block-kit-elements.ts';
import { checkView } from './block-kit-limits.ts';
import type { OpenView } from './types.ts';

export interface ViewIdentity {
  teamId: string;
  appId: string;
  botId: string;
}

interface Stack {
  ids: string[];
}

/** views.push: "After a modal is opened, the app is limited to pushing 2 additional views." */
export const MAX_STACK = 3;

/** The bot's view plus what Slack adds to every view it stores and sends back. */
export function materialize(view: Record<string, unknown>, fields: { id: string; hash: string; root_view_id: string | null; previous_view_id: string | null }, identity: ViewIdentity): OpenView {
  return {
    type: 'modal',
    blocks: [],
    close: null,
    submit: null,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    clear_on_close: false,
    notify_on_close: false,
    ...view,
    ...fields,
    team_id: identity.teamId,
    state: { values: {} },
    app_id: identity.appId,
    app_installed_team_id: identity.teamId,
    bot_id: identity.botId,
  };
}

/** Open modals as stacks (a root and up to two pushed views), each view's hash renewed on every change. */
export class ViewStacks {
  private readonly open = new Map<string, OpenView>();
  private readonly stacks = new Map<string, Stack>();

  constructor(
    private readonly identity: ViewIdentity,
    private readonly newId: () => string,
    private readonly newHash: () => string,
  ) {}

  get(id: string): OpenView | undefined {
    return this.open.get(id);
  }

  all(): OpenView[] {
    return [...this.open.values()];
  }

  byExternalId(externalId: string): OpenView | undefined {
    return this.all().find((view) => view.external_id === externalId);
  }

  depth(id: string): number {
    return this.stacks.get(id)?.ids.length ?? 0;
  }

  openRoot(view: Record<string, unknown>): OpenView {
    const id = this.newId();
    const opened = materialize(view, { id, hash: this.newHash(), root_view_id: id, previous_view_id: null }, this.identity);
    this.open.set(id, opened);
    this.stacks.set(id, { ids: [id] });
    return opened;
  }

  /** Pushes onto the stack holding `anyViewId`; the caller has checked the depth. */
  push(anyViewId: string, view: Record<string, unknown>): OpenView {
    const stack = this.stacks.get(anyViewId);
    if (!stack) throw new Error(`no open view ${anyViewId}`);
    const id = this.newId();
    const root = stack.ids[0] ?? id;
    const pushed = materialize(view, { id, hash: this.newHash(), root_view_id: root, previous_view_id: stack.ids.at(-1) ?? null }, this.identity);
    stack.ids.push(id);
    this.open.set(id, pushed);
    this.stacks.set(id, stack);
    return pushed;
  }

  replace(id: string, view: Record<string, unknown>): OpenView {
    const current = this.open.get(id);
    if (!current) throw new Error(`no open view ${id}`);
    const replaced = materialize(view, { id, hash: this.newHash(), root_view_id: current.root_view_id, previous_view_id: current.previous_view_id }, this.identity);
    this.open.set(id, replaced);
    return replaced;
  }

  /** Closes the view and anything pushed above it; the views below stay open. */
  closeFrom(id: string): void {
    const stack = this.stacks.get(id);
    if (!stack) return;
    const at = stack.ids.indexOf(id);
    for (const closed of stack.ids.splice(at)) {
      this.open.delete(closed);
      this.stacks.delete(closed);
    }
  }

  clear(id: string): void {
    const root = this.stacks.get(id)?.ids[0];
    if (root) this.closeFrom(root);
  }
}

/**
 * What Slack does with the app's answer to a view_submission, and what it would refuse:
 * empty closes the view, `errors` keeps it open, `update`/`push`/`clear` change the stack.
 */
export function applySubmissionResponse(stacks: ViewStacks, viewId: string, body: unknown): string[] {
  const view = stacks.get(viewId);
  if (!view) return [`view ${viewId} is not open`];
  if (!isObject(body) || body.response_action === undefined) {
    stacks.closeFrom(viewId);
    return [];
  }
  switch (body.response_action) {
    case 'errors':
      return checkErrors(view, body.errors);
    case 'clear':
      stacks.clear(viewId);
      return [];
    case 'update': {
      const problems = checkModal(body.view);
      if (problems.length === 0) stacks.replace(viewId, body.view as Record<string, unknown>);
      return problems;
    }
    case 'push': {
      const problems = checkModal(body.view);
      if (stacks.depth(viewId) >= MAX_STACK) problems.push('push_limit_reached');
      if (problems.length === 0) stacks.push(viewId, body.view as Record<string, unknown>);
      return problems;
    }
    default:
      return [`[ERROR] must be a valid enum value [json-pointer:/response_action]`];
  }
}

function checkModal(view: unknown): string[] {
  const problems = checkView(view);
  if (isObject(view) && view.type !== 'modal') problems.push('[ERROR] must be modal [json-pointer:/view/type]');
  return problems;
}

/** `errors` must name input blocks of the view (Slack shows nothing for other keys). */
function checkErrors(view: OpenView, errors: unknown): string[] {
  if (!isObject(errors) || Object.keys(errors).length === 0) return ['[ERROR] missing required field: errors [json-pointer:/errors]'];
  const inputIds = new Set(view.blocks.filter((block) => isObject(block) && block.type === 'input').map((block) => (block as { block_id?: unknown }).block_id));
  return Object.keys(errors)
    .filter((blockId) => !inputIds.has(blockId))
    .map((blockId) => `[ERROR] not an input block_id of the view: ${blockId} [json-pointer:/errors/${blockId}]`);
}
