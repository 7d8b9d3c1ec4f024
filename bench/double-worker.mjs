// The Slack double on its own thread, so the figures measure the bot, not the stand-in for Slack.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { SlackDouble } = await import('../src/slack-double/index.ts');
const double = await SlackDouble.start({ token: 'xoxb-test-token' });
parentPort.on('message', async (message) => {
  if (message.type === 'addUsers') {
    for (const id of message.ids) double.addUser({ id });
    parentPort.postMessage({ type: 'ok' });
  } else if (message.type === 'count') {
    parentPort.postMessage({ type: 'count', value: double.callsOf(message.method).filter((call) => call.ok).length });
  } else if (message.type === 'close') {
    await double.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
parentPort.postMessage({ type: 'ready', apiUrl: double.apiUrl });
