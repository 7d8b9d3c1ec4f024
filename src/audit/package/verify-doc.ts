import { READ_BACK_TEXT, type FailedRead } from './packaged-obligations.ts';

export const LEDGER_FILE = 'ledger-segment.jsonl';
export const SUMS_FILE = 'SHA256SUMS';

export interface VerifyDocInput {
  organization: string;
  generatedAt: string;
  range: { from: string; to: string };
  controls: string[];
  artifacts: number;
  segment: { firstSeq: number; lastSeq: number } | null;
  /** The checkpoint anchoring the segment; intact is false when it did not read back as filed. */
  anchor: { path: string; headSeq: number; createdAt: string; intact: boolean } | null;
  problems: string[];
  /** Objects the ledger lists that the package does not hold, each with the SHA-256 recorded at filing. */
  notPacked: { key: string; sha256: string; status: FailedRead }[];
  example: { pdf: string; sidecar: string } | null;
}

/**
 * VERIFY.md: how an auditor checks every hash in the package with sha256sum, jq and a shell,
 * without evidence-bot. The shell blocks are run as they are by the package tests.
 */
export function verifyDoc(input: VerifyDocInput): string {
  const lines: string[] = [
    `# Verifying this evidence package`,
    ``,
    `Written by evidence-bot for ${input.organization} at ${input.generatedAt}: every artifact whose effective period`,
    `(when the control operated) overlaps ${input.range.from} to ${input.range.to}, for ${input.controls.join(', ')}: ${input.artifacts} artifact(s).`,
    `Everything below uses standard tools only: \`sha256sum\` (GNU coreutils), \`jq\` (1.6 or later) and a POSIX shell.`,
    `Run the commands from the folder this file is in.`,
    ``,
  ];
  if (input.problems.length > 0) {
    lines.push(
      `## Problems found while packing`,
      ``,
      `The evidence store did not hand back what the ledger recorded for these objects; the checks below fail on them, and`,
      `\`obligations.json\` marks an event that rests on one of these artifacts \`met-unverified\`, not \`met\` (\`index.pdf\` says how it failed):`,
      ``,
    );
    for (const problem of input.problems) lines.push(`- ${problem}`);
    lines.push(``);
    if (input.notPacked.length > 0) {
      lines.push(
        `Not in this package, though the ledger lists them. Each is in \`${SUMS_FILE}\` with the SHA-256 the ledger recorded, so`,
        `\`sha256sum -c\` reports it as \`FAILED open or read\`:`,
        ``,
      );
      for (const object of input.notPacked) lines.push(`- \`${object.key}\`: ${READ_BACK_TEXT[object.status]}; recorded SHA-256 \`${object.sha256}\``);
      lines.push(``);
    }
  }
  lines.push(
    `## What is here`,
    ``,
    `- \`index.pdf\`: per control, each artifact (what, when, who signed, SHA-256), and every event of the period that needed evidence beside the evidence that answers it. Its footer carries the SHA-256 of \`manifest.json\` (\`sha256sum manifest.json\`).`,
    `- \`manifest.json\`: the same, for machines: every artifact, its files and their SHA-256, and what was checked while packing.`,
    `- \`obligations.json\`: every event of the period that needed evidence (access reviews due, acknowledgments owed, and so on), its due date, the artifacts that answer it, \`missing\` where none does, and \`met-unverified\` where one that does did not read back intact.`,
    `- The artifacts, at the same paths (keys) as in the evidence store: \`{prefix}/{control}/{yyyy}/{mm}/{dd}/{kind}/{subject}-{HHMMSS}Z-{id}.{pdf|json}\`. Each PDF has a JSON sidecar beside it with the same facts and the raw signed payload.`,
    `- \`${LEDGER_FILE}\`: the rows of the hash-chained ledger that cover these artifacts${input.segment ? ` (rows ${input.segment.firstSeq} to ${input.segment.lastSeq})` : ''}, one JSON object a line.`,
    `- The ledger checkpoints whose head falls in that segment, at their keys under \`…/ledger/\`.`,
    `- \`${SUMS_FILE}\`: the SHA-256 of every file above except itself. For the artifacts and checkpoints, these are the hashes the ledger recorded when each was filed, not hashes taken while packing, and every one the ledger lists is there even when the store did not hand it back.`,
    ``,
    `## 1. Every file against its recorded hash`,
    ``,
    '```sh',
    `sha256sum -c ${SUMS_FILE}`,
    '```',
    ``,
    `Every line must say \`OK\`.${input.problems.length > 0 ? ' In this package some do not: see the problems above.' : ''}`,
    ``,
  );
  if (!input.segment) {
    lines.push(`This package holds no artifact, so it carries no ledger rows and no checkpoint to check.`, ``);
    return lines.join('\n');
  }
  lines.push(
    `To check the artifacts without trusting \`${SUMS_FILE}\`, build the list from the ledger rows themselves, for the`,
    `artifacts \`manifest.json\` lists (the segment also holds rows of artifacts filed for other periods, which are not here):`,
    ``,
    '```sh',
    `jq -r --slurpfile manifest manifest.json '($manifest[0].artifacts | map({(.id): true}) | add) as $packed | select($packed[.id]) | "\\(.sha256)  \\(.key)", (select(.sidecar_key != null) | "\\(.sidecar_sha256)  \\(.sidecar_key)")' ${LEDGER_FILE} | sha256sum -c`,
    '```',
    ``,
    `## 2. The hash chain`,
    ``,
    `Each ledger row's \`entry_hash\` is the SHA-256 of the previous row's \`entry_hash\` (64 hexadecimal characters; 64 zeros`,
    `before the very first row) immediately followed by the canonical JSON of the row without \`prev_hash\` and \`entry_hash\`:`,
    `keys sorted, no whitespace, \`controls\` an array and \`signer\` an object, which is what \`jq -cS\` prints. Each row's`,
    `\`prev_hash\` must be the \`entry_hash\` of the row before it. Changing, removing, inserting or reordering a row breaks the chain from there on:`,
    ``,
    '```sh',
    `prev=$(head -n 1 ${LEDGER_FILE} | jq -r .prev_hash)`,
    `bad=0`,
    `while IFS= read -r row; do`,
    `  seq=$(printf '%s' "$row" | jq -r .seq)`,
    `  [ "$(printf '%s' "$row" | jq -r .prev_hash)" = "$prev" ] || { echo "row $seq does not follow the row before it"; bad=1; }`,
    `  hash=$(printf '%s%s' "$prev" "$(printf '%s' "$row" | jq -cS 'del(.prev_hash, .entry_hash)')" | sha256sum | cut -d ' ' -f 1)`,
    `  [ "$hash" = "$(printf '%s' "$row" | jq -r .entry_hash)" ] || { echo "row $seq does not hash to its entry_hash: it was edited"; bad=1; }`,
    `  prev=$(printf '%s' "$row" | jq -r .entry_hash)`,
    `done < ${LEDGER_FILE}`,
    `[ "$bad" = 0 ] && echo "chain OK, ends at $prev"`,
    '```',
    ``,
    `## 3. The anchor`,
    ``,
  );
  if (input.anchor && !input.anchor.intact) {
    lines.push(
      `The checkpoint that anchors this segment, \`${input.anchor.path}\` (written ${input.anchor.createdAt}, naming row ${input.anchor.headSeq}),`,
      `did not read back from the evidence store as filed (see the problems above), so this package cannot show the anchor.`,
    );
  } else if (input.anchor) {
    lines.push(
      `The ledger lives in a database its operator could rewrite, consistently, chain and all. Once a day its head is written`,
      `to the evidence store as a checkpoint, under S3 Object Lock where the store is S3, so it cannot be changed afterwards. The`,
      `checkpoint written ${input.anchor.createdAt} names row ${input.anchor.headSeq}, the last row of the segment: its \`head_hash\` must`,
      `equal that row's \`entry_hash\`, so every row before it is vouched for too.`,
      ``,
      '```sh',
      `[ "$(jq -r .head_hash ${input.anchor.path})" = "$(tail -n 1 ${LEDGER_FILE} | jq -r .entry_hash)" ] && echo "anchor OK"`,
      '```',
      ``,
      `Each checkpoint also names the one before it (\`previous\`: its key and SHA-256), so checkpoints form a chain of their own.`,
    );
  } else {
    lines.push(`No checkpoint has been written since the last artifact of this package was filed, so the segment ends at the ledger's`, `head and is not anchored yet. A package made after the next daily checkpoint (or after \`evidence checkpoint\`) is.`);
  }
  lines.push(
    ``,
    `## 4. A PDF against its JSON sidecar`,
    ``,
    `The sidecar records the PDF's SHA-256 (\`document.sha256\`). The footer of every PDF page carries the SHA-256 of the signed`,
    `payload: the sidecar's \`payload\` in canonical JSON.`,
    ``,
  );
  if (input.example) {
    lines.push(
      '```sh',
      `pdf=${input.example.pdf}`,
      `json=${input.example.sidecar}`,
      `[ "$(sha256sum "$pdf" | cut -d ' ' -f 1)" = "$(jq -r .document.sha256 "$json")" ] && echo "PDF matches its sidecar"`,
      `[ "$(jq -cS .payload "$json" | tr -d '\\n' | sha256sum | cut -d ' ' -f 1)" = "$(jq -r .payload_sha256 "$json")" ] && echo "payload matches the footer's hash"`,
      '```',
    );
  } else {
    lines.push(`(This package holds no PDF artifact.)`);
  }
  lines.push(``);
  return lines.join('\n');
}
