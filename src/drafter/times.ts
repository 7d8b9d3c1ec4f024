/** "2026-06-14 09:32 UTC", or the value as given when it is not a valid instant. */
export function formatMinute(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return at;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Whole minutes from `from` to `to` (negative when `to` is earlier), or null when either is missing or invalid. */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.round((end - start) / 60_000);
}

/** "1 minute", "45 minutes", "2 h 05 min", "3 d 4 h". */
export function formatDuration(minutes: number): string {
  const total = Math.abs(minutes);
  if (total < 60) return `${total} ${total === 1 ? 'minute' : 'minutes'}`;
  if (total < 48 * 60) return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
  return `${Math.floor(total / 1_440)} d ${Math.floor((total % 1_440) / 60)} h`;
}
