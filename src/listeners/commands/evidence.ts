import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isControlId } from '../../evidence/controls.ts';
import { startAcknowledgments } from '../../flows/acknowledgments/campaign.ts';
import { periodFor } from '../../flows/acknowledgments/model.ts';
import { isAdmin } from '../../flows/home.ts';
import type { Services } from '../../services.ts';
import { statusBlocks, statusText } from '../../../views/status.ts';
import type { StatusReport } from '../../flows/status.ts';
import { commandHelp, notAdminMessage, reviewStartedText } from '../../../views/command.ts';
import { systemById } from '../../flows/access-review/model.ts';
import { startReview } from '../../flows/access-review/start.ts';
import { openReport } from '../../flows/incidents/report.ts';
import { isRepeatedAction, userMessage } from '../errors.ts';
import { parseSampleArgs } from '../../audit/range.ts';
import { assertInScope } from '../../audit/sample.ts';
import { sampleForSlack } from '../../audit/slack.ts';
import { startFromCommand } from '../../flows/lifecycle/command.ts';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** A shared status report is drawn once: a burst of /evidence status gets the same blocks. */
const drawn = new WeakMap<StatusReport, { response_type: 'ephemeral'; text: string; blocks: ReturnType<typeof statusBlocks> }>();
function statusReply(report: StatusReport) {
  let reply = drawn.get(report);
  if (!reply) {
    reply = { response_type: 'ephemeral', text: statusText(report), blocks: statusBlocks(report) };
    drawn.set(report, reply);
  }
  return reply;
}

/** `/evidence <subcommand>`: parse, check who may run it, answer or hand over to a flow. */
export function evidenceCommand(services: Services) {
  return async ({ command, ack: rawAck, respond, logger }: Args): Promise<void> => {
    let acked = false;
    const ack: typeof rawAck = async (response) => {
      acked = true;
      await rawAck(response);
    };
    const [name = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const subcommand = name.toLowerCase();
    const admin = isAdmin(services.deps, command.user_id);
    try {
      switch (subcommand) {
        case 'status': {
          if (!admin) return void (await ack(notAdminMessage('status')));
          const control = args[0]?.toUpperCase();
          if (control && !isControlId(control)) return void (await ack({ response_type: 'ephemeral', text: `Unknown control ${control}. Try /evidence status CC6.1.` }));
          if (control && !services.deps.settings.controls.includes(control)) return void (await ack({ response_type: 'ephemeral', text: `${control} is not in scope for this audit.` }));
          // The report is a few index lookups (ms), shared by every status request that arrives
          // meanwhile, so it rides in the ack itself: no second HTTP round trip.
          const report = await services.sharedStatus(control);
          await ack(statusReply(report));
          return;
        }
        case 'acknowledgments': {
          if (!admin) return void (await ack(notAdminMessage('acknowledgments')));
          await ack({ response_type: 'ephemeral', text: 'Starting the policy acknowledgment campaign…' });
          const { settings, clock } = services.deps;
          const result = await startAcknowledgments(services.deps, { period: periodFor(clock.now(), settings.timezone), reason: `started by <@${command.user_id}>` });
          await respond({ response_type: 'ephemeral', text: `Policy acknowledgments ${result.period}: ${result.created} people asked, ${result.alreadyAsked} already asked, ${result.superseded} older requests replaced. DMs go out within a minute.` });
          void services.tick();
          return;
        }
        case 'review': {
          if (!admin) return void (await ack(notAdminMessage('review')));
          const systemId = args[0];
          if (!systemId) return void (await ack({ response_type: 'ephemeral', text: `Which system? Configured: ${services.deps.settings.systems.map((system) => system.id).join(', ') || 'none'}.` }));
          systemById(services.deps.settings, systemId);
          await ack({ response_type: 'ephemeral', text: `Listing the accounts of ${systemId}…` });
          const started = await startReview(services.deps, { systemId, startedBy: command.user_id });
          await respond({ response_type: 'ephemeral', text: reviewStartedText(started) });
          void services.tick();
          return;
        }
        case 'incident': {
          // Anyone may log an incident: the form opens first, while the trigger is fresh.
          await ack();
          await openReport(services.deps, { triggerId: command.trigger_id, title: args.join(' '), channel: command.channel_id, messageTs: null });
          return;
        }
        case 'sample': {
          if (!admin) return void (await ack(notAdminMessage('sample')));
          const { range, control } = parseSampleArgs(args);
          assertInScope(services.deps.settings, control);
          await ack({ response_type: 'ephemeral', text: `Sampling ${range.label}…` });
          const { db, settings, clock, evidence } = services.deps;
          await respond({ response_type: 'ephemeral', ...(await sampleForSlack({ db, settings, clock, sink: evidence.sink }, range, control)) });
          return;
        }
        case 'onboard':
        case 'offboard': {
          if (!admin) return void (await ack(notAdminMessage(subcommand)));
          const type = subcommand === 'onboard' ? 'onboarding' : 'offboarding';
          await ack({ response_type: 'ephemeral', text: `Starting the ${type} checklist…` });
          const text = await startFromCommand(services.deps, { type, args, userId: command.user_id });
          // Started before the answer goes out, so a shutdown right after it waits for this tick.
          void services.tick().catch((error: unknown) => logger.error('tick after a checklist started failed', error));
          await respond({ response_type: 'ephemeral', text });
          return;
        }
        default:
          await ack(commandHelp(admin));
      }
    } catch (error) {
      if (isRepeatedAction(error)) return void logger.info('a repeated command: its form is already open', { command: subcommand, user: command.user_id });
      const text = userMessage(error, logger, { command: subcommand, user: command.user_id });
      // Before the ack, the error is the ack; after it, a follow-up.
      if (!acked) return void (await ack({ response_type: 'ephemeral', text }));
      await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    }
  };
}
