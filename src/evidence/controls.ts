/**
 * The 2017 Trust Services Criteria (revised points of focus, 2022): common criteria plus the
 * additional criteria for availability, confidentiality, processing integrity and privacy.
 * An artifact filed under an ID outside this list is refused: a typo here would file evidence
 * where no auditor looks for it.
 */
const RANGES: Record<string, number[]> = {
  CC1: [1, 2, 3, 4, 5],
  CC2: [1, 2, 3],
  CC3: [1, 2, 3, 4],
  CC4: [1, 2],
  CC5: [1, 2, 3],
  CC6: [1, 2, 3, 4, 5, 6, 7, 8],
  CC7: [1, 2, 3, 4, 5],
  CC8: [1],
  CC9: [1, 2],
  A1: [1, 2, 3],
  C1: [1, 2],
  PI1: [1, 2, 3, 4, 5],
  P1: [1],
  P2: [1],
  P3: [1, 2],
  P4: [1, 2, 3],
  P5: [1, 2],
  P6: [1, 2, 3, 4, 5, 6, 7],
  P7: [1],
  P8: [1],
};

export const CONTROL_IDS: readonly string[] = Object.entries(RANGES).flatMap(([family, points]) =>
  points.map((point) => `${family}.${point}`),
);

const KNOWN = new Set(CONTROL_IDS);

export function isControlId(value: string): boolean {
  return KNOWN.has(value);
}

/** Orders CC1.4 before CC6.1 before CC6.10, the way the criteria are printed. */
export function compareControls(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
