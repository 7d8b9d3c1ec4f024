/** Lets pending I/O (an incoming Slack request waiting for its ack) run before the next chunk of CPU work. */
export function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
