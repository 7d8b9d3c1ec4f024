import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli.ts';
import type { CliIo } from '../src/cli/context.ts';
import { ManualClock } from '../src/clock.ts';
import { parseSettings } from '../src/config.ts';
import { createEvidence } from '../src/evidence/evidence.ts';
import { renderPdf } from '../src/evidence/pdf/render.ts';
import type { RenderModel } from '../src/evidence/pdf/model.ts';
import { LocalSink } from '../src/evidence/sinks/local.ts';
import { silentLogger } from '../src/logger.ts';
import { openDatabase } from '../src/store/db.ts';
import { generateYear, type FixtureObjects } from '../test/fixtures/year.ts';
import { round, stats, type BenchResult } from './report.ts';

const YAML = `
organization: Example Inc.
policies:
  - { id: infosec, name: Information Security Policy, version: "2026.1", url: "https://intranet.example.com/infosec" }
systems:
${Array.from({ length: 10 }, (_, s) => `  - { id: system-${s}, name: System ${s}, reviewers: [U0REVIEWR1] }`).join('\n')}
audit:
  window: { from: 2026-01-01, to: 2026-12-31 }
`;

/** One rendered page per kind, as the pipeline draws artifacts; each object then gets its own trailer, so every hash differs. */
async function templates(kinds: string[]): Promise<Map<string, Buffer>> {
  const pdfs = new Map<string, Buffer>();
  for (const kind of kinds) {
    const model: RenderModel = {
      id: '0000000000aa',
      organization: 'Example Inc.',
      title: `${kind}: fixture`,
      kind,
      controls: ['CC6.1'],
      period: '2026-Q2',
      effective: { from: '2026-04-01', to: '2026-06-30' },
      capturedAt: '2026-06-15T14:00:00.000Z',
      subject: 'fixture',
      subjectLabel: 'Fixture',
      sections: [{ heading: 'Details', blocks: [{ type: 'table', columns: [{ header: 'Item', width: 2 }, { header: 'Answer', width: 3 }], rows: Array.from({ length: 12 }, (_, i) => [`Item ${i}`, `Answer number ${i} with a sentence of context`]) }] }],
      signer: { name: 'Morgan Manager', email: 'morgan@example.com', slackId: 'U0MANAGER1', timeZone: 'America/New_York' },
      signedAt: '2026-06-15T14:00:00.000Z',
      history: [{ at: '2026-06-13T09:00:00.000Z', what: 'asked' }, { at: '2026-06-15T14:00:00.000Z', what: 'answered' }],
      payloadSha256: '0'.repeat(64),
    };
    pdfs.set(kind, await renderPdf(model));
  }
  return pdfs;
}

function objectsIn(root: string, pdfs: Map<string, Buffer>): FixtureObjects {
  const made = new Set<string>();
  return {
    body: ({ id, kind, key, role }) => {
      if (key.endsWith('.pdf')) return Buffer.concat([pdfs.get(kind)!, Buffer.from(`%evidence-bot fixture ${id}\n`)]);
      // Account lists are the large JSON records; checklist steps and sidecars are small.
      const accounts = kind === 'access-snapshot' ? Array.from({ length: 300 }, (_, i) => ({ id: `user-${i}`, email: `user${i}@example.com`, roles: ['member'] })) : [];
      return Buffer.from(`${JSON.stringify({ schema: 'evidence-bot/artifact/v1', id, kind, role, payload: { answered: true, note: 'fixture record '.repeat(40), accounts } }, null, 2)}\n`);
    },
    write: (key, body) => {
      const file = path.join(root, ...key.split('/'));
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, body, { mode: 0o444 });
    },
  };
}

function quietIo(env: Record<string, string>, cwd: string): CliIo {
  return { out: () => undefined, err: (text) => console.error(text), env, cwd, isTTY: false };
}

async function timed(run: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const code = await run();
  const ms = performance.now() - t0;
  if (code > 1) throw new Error(`the command failed with exit code ${code}`);
  return ms;
}

/**
 * `evidence sample` of one week, `evidence package` of one month and `evidence check-mapping`
 * of the year, as the CLI runs them
 * (config, database, query, links, output), over a year of a 500-person company: 500 people,
 * 10 systems, 40 incidents, 60 hires, 50 departures, with every object really in a local folder.
 */
export async function benchAudit(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-audit-'));
  try {
    writeFileSync(path.join(dir, 'evidence.config.yaml'), YAML);
    const store = path.join(dir, 'evidence');
    const db = openDatabase(path.join(dir, 'evidence.db'));
    const pdfs = await templates(['acknowledgment', 'access-review', 'incident-resolution', 'postmortem', 'onboarding-checklist', 'offboarding-checklist']);
    const { artifacts } = generateYear(db, undefined, objectsIn(store, pdfs));
    const evidence = createEvidence({ db, sink: new LocalSink(store), clock: new ManualClock('2027-01-10T00:05:00Z'), logger: silentLogger(), settings: parseSettings(YAML, 'bench') });
    evidence.checkpoint();
    await evidence.uploader.drain();
    db.close();
    const env = { EVIDENCE_DB: path.join(dir, 'evidence.db'), EVIDENCE_DIR: store };

    const weeks = ['2026-W03', '2026-W11', '2026-W17', '2026-W23', '2026-W29', '2026-W36', '2026-W41', '2026-W48'];
    await timed(() => main(['sample', weeks[0]!, '--json'], quietIo(env, dir)));
    const sampleMs: number[] = [];
    for (const week of [...weeks, ...weeks]) sampleMs.push(await timed(() => main(['sample', week, '--json'], quietIo(env, dir))));
    const s3env = { ...env, EVIDENCE_BUCKET: 'bench-evidence', S3_ENDPOINT: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench-secret', AWS_REGION: 'us-east-1' };
    const presignedMs: number[] = [];
    for (const week of weeks) presignedMs.push(await timed(() => main(['sample', week, '--json'], quietIo(s3env, dir))));
    const shown: string[] = [];
    await main(['sample', '2026-W23', '--json'], { ...quietIo(env, dir), out: (text) => shown.push(text) });
    const weekArtifacts = (JSON.parse(shown.join('\n')) as { artifactCount: number }).artifactCount;

    const packageMs: number[] = [];
    const lines: string[] = [];
    for (let run = 0; run < 3; run += 1) {
      const out = path.join(dir, `june-${run}.zip`);
      packageMs.push(await timed(() => main(['package', '2026-06-01', '2026-06-30', '--out', out, '--json'], { ...quietIo(env, dir), out: (text) => lines.push(text) })));
    }
    const packed = JSON.parse(lines.at(-1)!) as { artifacts: number; files: number; bytes: number; ok: boolean };
    if (!packed.ok) throw new Error('the benchmark package found integrity problems');
    const listed = spawnSync('unzip', ['-Z1', path.join(dir, 'june-0.zip')], { encoding: 'utf8', maxBuffer: 64 * 1_048_576 });
    const keys = listed.stdout.split('\n').map((name) => name.split('/').slice(1).join('/')).filter((key) => key.startsWith('evidence/'));
    // The floor: the system's zip over the same artifact files, nothing read from a database, hashed or rendered.
    const floorMs: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const t0 = performance.now();
      const zipped = spawnSync('zip', ['-q', path.join(dir, `floor-${run}.zip`), '-@'], { cwd: store, input: keys.join('\n') });
      if (zipped.status !== 0) throw new Error(`zip failed: ${zipped.stderr}`);
      floorMs.push(performance.now() - t0);
    }
    // The mapping check as the CLI runs it, without the model: every JSON record of the year read back, checked and judged.
    const mappingMs: number[] = [];
    for (let run = 0; run < 3; run += 1) mappingMs.push(await timed(() => main(['check-mapping', '--no-file', '--json'], quietIo(env, dir))));
    const sample = stats(sampleMs);
    const presigned = stats(presignedMs);
    const pkg = stats(packageMs);
    const floor = stats(floorMs);
    return [
      { name: `evidence sample, one week, a year for 500 people (${artifacts} artifacts; ${weekArtifacts} cover 2026-W23), local paths: median`, value: round(sample.median / 1000, 3), unit: 's', target: '< 1 s' },
      { name: 'evidence sample, one week: slowest of 16', value: round(Math.max(...sampleMs) / 1000, 3), unit: 's' },
      { name: 'evidence sample, one week, S3 presigned links: median', value: round(presigned.median / 1000, 3), unit: 's', target: '< 1 s' },
      {
        name: `evidence package, one month (${packed.artifacts} artifacts, ${packed.files} files, ${round(statSync(path.join(dir, 'june-0.zip')).size / 1_048_576, 1)} MB zip), local folder: median of 3`,
        value: round(pkg.median / 1000, 2),
        unit: 's',
        floor: round(floor.median / 1000, 2),
        ratio: round(pkg.median / floor.median, 2),
        target: '< 10 s',
      },
      { name: `evidence check-mapping --no-file, the year (${artifacts} artifacts, each JSON record read back and checked), rules only: median of 3`, value: round(stats(mappingMs).median / 1000, 2), unit: 's', target: '< 10 s' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
