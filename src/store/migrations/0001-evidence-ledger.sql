-- The evidence ledger: one row per filed artifact, chained by hash, never updated or deleted.
CREATE TABLE artifacts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  controls TEXT NOT NULL,
  period TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT NOT NULL,
  subject TEXT NOT NULL,
  title TEXT NOT NULL,
  request_id TEXT,
  signer TEXT,
  captured_at TEXT NOT NULL,
  payload_sha256 TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sidecar_key TEXT UNIQUE,
  sidecar_sha256 TEXT,
  sidecar_bytes INTEGER,
  retain_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL UNIQUE
);

CREATE TRIGGER artifacts_append_only_update BEFORE UPDATE ON artifacts
BEGIN SELECT RAISE(ABORT, 'artifacts are append-only'); END;
CREATE TRIGGER artifacts_append_only_delete BEFORE DELETE ON artifacts
BEGIN SELECT RAISE(ABORT, 'artifacts are append-only'); END;

-- One row per (artifact, control): sampling asks "which artifacts of CC6.1 cover this week".
CREATE TABLE artifact_controls (
  artifact_seq INTEGER NOT NULL REFERENCES artifacts(seq),
  control TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  PRIMARY KEY (control, artifact_seq)
);
CREATE INDEX artifact_controls_effective ON artifact_controls(control, effective_from, effective_to);
CREATE INDEX artifact_controls_captured ON artifact_controls(control, captured_at);

-- Signed responses waiting to be rendered and filed. Written in the same transaction as the
-- response itself, so a crash after the modal closes loses nothing.
CREATE TABLE artifact_jobs (
  id INTEGER PRIMARY KEY,
  source_key TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try_at TEXT NOT NULL,
  last_error TEXT
);

-- Objects waiting for the sink. The body stays here until the sink confirms it.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  artifact_seq INTEGER REFERENCES artifacts(seq),
  body BLOB,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  metadata TEXT NOT NULL,
  tags TEXT NOT NULL,
  retain_until TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try_at TEXT NOT NULL,
  last_error TEXT,
  uploaded_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox(next_try_at) WHERE uploaded_at IS NULL;

-- Chain heads anchored in the sink; rewriting the database cannot move them.
CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  head_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL
);
