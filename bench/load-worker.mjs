// A load generator on its own thread (so it has its own core): sends prepared HTTP requests
// with a fixed number in flight and reports each one's latency in milliseconds, and how long this
// thread was busy (so a run whose load generator was the bottleneck can be seen as such).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, requests, concurrency } = workerData;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function send(item) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...item.headers, 'content-length': Buffer.byteLength(item.body) }, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode }));
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, status: 0 }));
    req.end(item.body);
  });
}

const results = new Array(requests.length);
let next = 0;
parentPort.postMessage({ type: 'started' });
const started = performance.now();
const busyFrom = performance.eventLoopUtilization();
async function lane() {
  while (next < requests.length) {
    const index = next++;
    results[index] = await send(requests[index]);
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
agent.destroy();
parentPort.postMessage({ type: 'done', results, seconds: (performance.now() - started) / 1000, busyMs: performance.eventLoopUtilization(busyFrom).active });
