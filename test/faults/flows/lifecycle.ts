import { STEP_IDS } from '../../../views/checklist-step.ts';
import { DEFAULT_PEOPLE } from '../../helpers/app.ts';
import { evidenceHeaders } from '../../helpers/webhooks.ts';
import type { Delivery, FlowScenario } from './scenario.ts';
import { openFromDm, submission } from './signing.ts';

const HR_SECRET = 'hr-webhook-secret-faults-0123';

const YAML = `
organization: Example Inc.
admins: [U0ADMIN001]
complianceChannel: C0COMPLIAN
lifecycle:
  roles:
    it: [U0ENGINEE1]
    security: [U0ADMIN001]
    hr: [U0ENGINEE2]
  onboarding:
    - { key: accounts, title: "Create the accounts the role needs", owner: it, due: -1d, needs: [note] }
    - { key: manager-attestation, title: "Manager attests the access is right", owner: manager, due: 14d, kind: attestation }
`;

/**
 * Onboarding: HR's signed webhook reports each hire (one delivery per hire); IT signs the
 * accounts step, then the manager signs the attestation, which files the checklist. Two signed
 * responses per hire.
 */
export const lifecycleScenario: FlowScenario = {
  name: 'onboarding checklists',
  setup: () => ({ yaml: YAML, people: DEFAULT_PEOPLE, env: { HR_WEBHOOK_SECRET: HR_SECRET } }),
  kinds: ['onboarding-step'],
  trigger: async (bot, size) =>
    Array.from({ length: Math.max(1, Math.ceil(size / 2)) }, (_, n): Delivery => {
      const eventId = `hire-${n + 1}`;
      const body = JSON.stringify({ id: eventId, type: 'hired', employee: { id: `E-${100 + n}`, name: `New Hire ${n + 1}`, email: `hire${n + 1}@example.com`, manager_email: 'morgan@example.com', start_date: '2026-07-08' } });
      return {
        label: `hr webhook ${eventId}`,
        recorded: (db) => db.prepare("SELECT 1 FROM hr_events WHERE source = 'hr' AND event_id = ?").get(eventId) !== undefined,
        send: async () => {
          try {
            return (await bot.webhook('hr', body, evidenceHeaders(body, HR_SECRET))).status === 200;
          } catch {
            return false;
          }
        },
      };
    }),
  sign: async (bot, request) => {
    const attestation = (JSON.parse(request.payload) as { stepKey: string }).stepKey === 'manager-attestation';
    const view = await openFromDm(bot, request, attestation ? STEP_IDS.attestCallback : STEP_IDS.stepCallback);
    if (attestation) {
      return submission(bot, request, view.id, {
        [STEP_IDS.attestBlock]: { [STEP_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } },
        [STEP_IDS.commentBlock]: { [STEP_IDS.commentAction]: { type: 'plain_text_input', value: 'Right for the role.' } },
      });
    }
    return submission(bot, request, view.id, {
      [STEP_IDS.outcomeBlock]: { [STEP_IDS.outcomeAction]: { type: 'radio_buttons', selected_option: { value: 'done' } } },
      [STEP_IDS.noteBlock]: { [STEP_IDS.noteAction]: { type: 'plain_text_input', value: 'GitHub and Google Workspace, member only.' } },
      [STEP_IDS.linkBlock]: { [STEP_IDS.linkAction]: { type: 'url_text_input', value: null } },
      [STEP_IDS.confirmBlock]: { [STEP_IDS.confirmAction]: { type: 'checkboxes', selected_options: [{ value: 'confirmed' }] } },
    });
  },
  facts: (bot) => ({
    checklists: bot.db.prepare('SELECT COUNT(*) FROM checklists').pluck().get() as number,
    'checklists completed': bot.db.prepare("SELECT COUNT(*) FROM checklists WHERE state = 'completed'").pluck().get() as number,
    'checklist PDFs filed': bot.db.prepare("SELECT COUNT(*) FROM artifacts WHERE kind = 'onboarding-checklist'").pluck().get() as number,
    'HR events recorded': bot.db.prepare('SELECT COUNT(*) FROM hr_events').pluck().get() as number,
    steps: bot.db.prepare('SELECT COUNT(*) FROM checklist_steps').pluck().get() as number,
  }),
};
