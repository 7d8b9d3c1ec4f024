// A load generator on its own thread (so it has its own core): for each run it is sent, it sends
// the prepared HTTP requests with a fixed number in flight and reports each one's latency in
// milliseconds, and how long this thread was busy (so a run whose load generator was the
// bottleneck can be seen as such). It lives for the whole benchmark and keeps its connections
// to each server open: a generator started afresh for each run interprets its first hundred
// requests with cold code and opens new connections, and that was charged to the server.
// A connection left idle longer than the server's keep-alive timeout (5 s in Node) is closed by
// the server, and a request sent on it as it closes fails: so idle connections are dropped here
// first, and each run opens its connections with a cheap GET before its clock starts.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { concurrency } = workerData;
const agents = new Map();

function agentFor(url) {
  let agent = agents.get(url);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency, timeout: 4_000 });
    agents.set(url, agent);
  }
  return agent;
}

function send(target, agent, item) {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers = item ? { ...item.headers, 'content-length': Buffer.byteLength(item.body) } : {};
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: item ? 'POST' : 'GET', headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
    req.end(item?.body);
  });
}

async function run({ url, requests }) {
  const target = new URL(url);
  const agent = agentFor(url);
  // Any answer will do (Bolt answers a GET with 404): it only opens the connection.
  await Promise.all(Array.from({ length: concurrency }, () => send(target, agent, null)));
  const results = new Array(requests.length);
  let next = 0;
  parentPort.postMessage({ type: 'started' });
  const started = performance.now();
  const busyFrom = performance.eventLoopUtilization();
  async function lane() {
    while (next < requests.length) {
      const index = next++;
      results[index] = await send(target, agent, requests[index]);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  parentPort.postMessage({ type: 'done', results, seconds: (performance.now() - started) / 1000, busyMs: performance.eventLoopUtilization(busyFrom).active });
}

parentPort.on('message', (message) => {
  if (message.type === 'run') void run(message);
  else if (message.type === 'close') {
    for (const agent of agents.values()) agent.destroy();
    parentPort.close();
  }
});
