/** Waits for work a listener does after its ack (filing, uploading), without fixed sleeps. */
export async function eventually<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; what?: string } = {}): Promise<Exclude<T, undefined | null | false>> {
  const deadline = performance.now() + (options.timeoutMs ?? 5_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value as Exclude<T, undefined | null | false>;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
