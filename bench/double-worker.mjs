// The Slack double on its own thread, so the figures measure the bot, not the stand-in for Slack.
// workerData.frozenAt (ms) stops the double's clock: trigger_ids minted ahead of a load run then
// stay valid for the whole run.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { SlackDouble } = await import('../src/slack-double/index.ts');
const frozenAt = workerData?.frozenAt;
const double = await SlackDouble.start({ token: 'xoxb-test-token', ...(frozenAt ? { now: () => frozenAt } : {}) });
parentPort.on('message', async (message) => {
  if (message.type === 'addUsers') {
    for (const id of message.ids) double.addUser({ id });
    parentPort.postMessage({ type: 'ok' });
  } else if (message.type === 'addChannel') {
    double.addChannel(message.channel);
    parentPort.postMessage({ type: 'ok' });
  } else if (message.type === 'triggers') {
    parentPort.postMessage({ type: 'triggers', value: message.userIds.map((userId) => double.issueTriggerId({ userId })) });
  } else if (message.type === 'count') {
    const prefix = message.textPrefix ?? '';
    parentPort.postMessage({ type: 'count', value: double.callsOf(message.method).filter((call) => call.ok && String(call.args.text ?? '').startsWith(prefix)).length });
  } else if (message.type === 'close') {
    await double.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
parentPort.postMessage({ type: 'ready', apiUrl: double.apiUrl, teamId: double.teamId, appId: double.appId, botUserId: double.botUserId });
