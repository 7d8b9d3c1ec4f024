/** Roles as a set: trimmed, empty ones dropped, sorted by code unit so snapshots hash the same everywhere. */
export function normaliseRoles(roles: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const role of roles) {
    const trimmed = role.trim();
    if (trimmed) set.add(trimmed);
  }
  return [...set].sort();
}

/** Emails compare case-insensitively in every source we read; an empty one is no email. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/** The later of two ISO instants, either of which may be missing. */
export function latestInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After one failure the list is lost anyway; stop starting calls that only spend rate limit.
    while (next < items.length && !failed) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
