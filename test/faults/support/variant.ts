import { randomInt } from 'node:crypto';

/**
 * The fault suite's two sizes. The default keeps `npm test` and CI short; EVIDENCE_FAULTS_LONG=1
 * runs the long variant (50 kills per flow). EVIDENCE_FAULTS_SEED replays a run's kill points.
 */
export const LONG = process.env.EVIDENCE_FAULTS_LONG === '1';

export const SEED = process.env.EVIDENCE_FAULTS_SEED ? Number(process.env.EVIDENCE_FAULTS_SEED) : randomInt(1, 2 ** 31);

/** mulberry32: a small seeded generator, so a failing run's kill points can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
