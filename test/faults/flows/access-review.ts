import type { OpenView } from '../../../src/slack-double/index.ts';
import { PAGE_SIZE, REVIEW_IDS } from '../../../views/access-review.ts';
import { REVOCATION_IDS } from '../../../views/revocation.ts';
import { eventually } from '../../helpers/eventually.ts';
import type { BotUnderTest } from '../support/bot-under-test.ts';
import type { FlowScenario } from './scenario.ts';
import { commandDelivery, openFromDm, submission } from './signing.ts';

const ADMIN = 'U0ADMIN001';
const REVIEWER = 'U0MANAGER1';
const OWNER = 'U0ENGINEE1';

const YAML = `
organization: Example Inc.
admins: [${ADMIN}]
complianceChannel: C0COMPLIAN
emailDomains: [example.com]
systems:
  - id: github
    name: GitHub
    reviewers: [${REVIEWER}]
    owner: ${OWNER}
    connector: { type: file, path: exports/github.csv }
`;

/** One account per signed response: the reviewer keeps the first and revokes the rest, and the owner signs each removal. */
function exportFor(size: number): string {
  const lines = ['id,email,name,roles,status,last_login'];
  for (let i = 0; i < Math.max(2, size); i += 1) lines.push(`u${String(i).padStart(4, '0')},user${i}@example.com,User ${i},member,active,2026-06-0${(i % 9) + 1}T10:00:00Z`);
  return `${lines.join('\n')}\n`;
}

function accountIndices(view: OpenView): number[] {
  return (view.blocks as { block_id?: string }[])
    .map((block) => block.block_id ?? '')
    .filter((id) => id.startsWith(REVIEW_IDS.accountBlockPrefix))
    .map((id) => Number(id.slice(REVIEW_IDS.accountBlockPrefix.length)));
}

/**
 * Presses Next until the view shows the account at `firstIndex`; returns the presses it took.
 * When Slack refuses the update (a rate limit) the page just stays, and the reviewer presses again.
 */
export async function turnPage(bot: BotUnderTest, viewId: string, firstIndex: number): Promise<number> {
  for (let press = 1; ; press += 1) {
    await bot.driver.clickButton(REVIEWER, { viewId }, REVIEW_IDS.nextAction);
    try {
      await eventually(() => accountIndices(bot.double.view(viewId)!)[0] === firstIndex, { what: `the page starting at account ${firstIndex}`, timeoutMs: 2_000 });
      return press;
    } catch (error) {
      if (press >= 4) throw error;
    }
  }
}

function hasNext(view: OpenView): boolean {
  return JSON.stringify(view.blocks).includes(`"action_id":"${REVIEW_IDS.nextAction}"`);
}

/** Marks every account on the open page but the first "revoke" (one block action each), page by page, and returns the last page. */
async function revokeAllButFirst(bot: BotUnderTest, view: OpenView): Promise<OpenView> {
  let current = view;
  for (;;) {
    for (const index of accountIndices(current).filter((n) => n > 0)) {
      const reply = await bot.driver.blockActions(REVIEWER, {
        container: { type: 'view', view_id: current.id },
        view: current,
        actions: [{ type: 'static_select', action_id: REVIEW_IDS.decisionAction, block_id: `${REVIEW_IDS.accountBlockPrefix}${index}`, selected_option: { text: { type: 'plain_text', text: 'Revoke' }, value: 'revoke' }, action_ts: '1.2' }],
      });
      if (reply.status !== 200) throw new Error(`the choice on account ${index} was answered ${reply.status}`);
    }
    if (!hasNext(current)) return current;
    const first = accountIndices(current)[0]!;
    await turnPage(bot, current.id, first + PAGE_SIZE);
    current = bot.double.view(current.id)!;
  }
}

/** Quarterly access review: the admin starts it; the reviewer signs it revoking accounts; the owner signs each removal. */
export const accessReviewScenario: FlowScenario = {
  name: 'access reviews',
  setup: (size) => ({ yaml: YAML, start: '2026-06-10T14:00:00.000Z', files: { 'exports/github.csv': exportFor(size) } }),
  kinds: ['access-review', 'revocation'],
  trigger: async (bot) => [commandDelivery(bot, ADMIN, 'review github', /^Access review of github|already has a/, (db) => db.prepare('SELECT 1 FROM access_reviews').get() !== undefined)],
  sign: async (bot, request) => {
    if (request.kind === 'access-review') {
      const view = await openFromDm(bot, request, REVIEW_IDS.callbackId);
      const last = await revokeAllButFirst(bot, view);
      return submission(bot, request, last.id, { [REVIEW_IDS.attestBlock]: { [REVIEW_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } } });
    }
    const view = await openFromDm(bot, request, REVOCATION_IDS.callbackId);
    return submission(bot, request, view.id, {
      [REVOCATION_IDS.noteBlock]: { [REVOCATION_IDS.noteAction]: { type: 'plain_text_input', value: 'Removed from the organization; sessions revoked.' } },
      [REVOCATION_IDS.linkBlock]: { [REVOCATION_IDS.linkAction]: { type: 'url_text_input', value: 'https://tickets.example.com/IT-42' } },
      [REVOCATION_IDS.confirmBlock]: { [REVOCATION_IDS.confirmAction]: { type: 'checkboxes', selected_options: [{ value: 'removed' }] } },
    });
  },
  facts: (bot) => ({
    'access reviews': bot.db.prepare('SELECT COUNT(*) FROM access_reviews').pluck().get() as number,
    'review snapshots': bot.db.prepare("SELECT COUNT(*) FROM snapshots WHERE purpose = 'review'").pluck().get() as number,
    'accounts marked revoke': bot.db.prepare("SELECT COUNT(*) FROM review_decisions WHERE decision = 'revoke'").pluck().get() as number,
    'revocation requests': bot.db.prepare('SELECT COUNT(*) FROM revocations').pluck().get() as number,
  }),
};
