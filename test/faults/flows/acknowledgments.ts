import { ACK_IDS } from '../../../views/acknowledgment.ts';
import { DEFAULT_PEOPLE, DEFAULT_YAML } from '../../helpers/app.ts';
import type { BotUnderTest } from '../support/bot-under-test.ts';
import type { FlowScenario } from './scenario.ts';
import { commandDelivery, openFromDm, submission } from './signing.ts';

const ADMIN = 'U0ADMIN001';

const SIGNED = {
  [`${ACK_IDS.policiesBlockPrefix}0`]: { [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }, { value: 'acceptable-use@3' }] } },
  [ACK_IDS.trainingBlock]: { [ACK_IDS.trainingAction]: { type: 'checkboxes', selected_options: [{ value: 'training@2026' }] } },
};

/** The default four, then as many more employees as the run signs for. */
function people(size: number) {
  const extra = Array.from({ length: Math.max(0, size - DEFAULT_PEOPLE.length) }, (_, n) => {
    const id = `U0STAFF${String(n).padStart(3, '0')}`;
    return { id, real_name: `Staff Member ${n}`, profile: { email: `staff${n}@example.com`, real_name: `Staff Member ${n}`, display_name: `staff${n}` }, tz: 'Europe/London' };
  });
  return [...DEFAULT_PEOPLE, ...extra];
}

/** Policy and training acknowledgments: an admin starts the campaign; every member signs once. */
export const acknowledgmentsScenario: FlowScenario = {
  name: 'policy acknowledgments',
  setup: (size) => ({ yaml: DEFAULT_YAML, people: people(size) }),
  kinds: ['acknowledgment'],
  trigger: async (bot: BotUnderTest) => [
    commandDelivery(bot, ADMIN, 'acknowledgments', /people asked/, (db) => (db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'acknowledgment'").pluck().get() as number) > 0),
  ],
  sign: async (bot, request) => {
    const view = await openFromDm(bot, request, ACK_IDS.callbackId);
    return submission(bot, request, view.id, SIGNED);
  },
  facts: (bot) => ({
    'acknowledgment requests': bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'acknowledgment'").pluck().get() as number,
    'people asked more than once': bot.db.prepare("SELECT COUNT(*) FROM (SELECT assignee FROM requests WHERE kind = 'acknowledgment' GROUP BY assignee HAVING COUNT(*) > 1)").pluck().get() as number,
  }),
};
