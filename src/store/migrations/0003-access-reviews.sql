-- A frozen list of a system's accounts: reviewers decide on what they were shown.
CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('review', 'verification')),
  source TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  accounts TEXT NOT NULL,
  account_count INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  artifact_id TEXT NOT NULL
);
CREATE INDEX snapshots_system ON snapshots(system, taken_at);

CREATE TABLE access_reviews (
  id TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  period TEXT NOT NULL,
  snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
  previous_snapshot_id TEXT REFERENCES snapshots(id),
  state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  completed_at TEXT,
  artifact_id TEXT
);
CREATE UNIQUE INDEX access_reviews_one_per_period ON access_reviews(system, period) WHERE state != 'cancelled';

-- Each part of a review is a request (requests.id = part id); its decisions are saved as the
-- reviewer makes them, so a closed modal loses nothing.
CREATE TABLE review_decisions (
  request_id TEXT NOT NULL REFERENCES requests(id),
  account_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('keep', 'revoke')),
  decided_at TEXT NOT NULL,
  PRIMARY KEY (request_id, account_id)
);

CREATE TABLE review_drafts (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  comment TEXT NOT NULL,
  saved_at TEXT NOT NULL
);

-- An account a reviewer revoked: a follow-up request to the system owner, closed by hand or
-- by the next snapshot that no longer has the account.
CREATE TABLE revocations (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  review_id TEXT NOT NULL REFERENCES access_reviews(id),
  system TEXT NOT NULL,
  account_id TEXT NOT NULL,
  account_label TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'done', 'verified')),
  requested_at TEXT NOT NULL,
  done_at TEXT,
  done_by TEXT,
  verified_at TEXT,
  verified_snapshot_id TEXT REFERENCES snapshots(id)
);
CREATE INDEX revocations_open ON revocations(system, state);

-- Every attempt to list a system's accounts: failures show in /evidence status.
CREATE TABLE connector_runs (
  id INTEGER PRIMARY KEY,
  system TEXT NOT NULL,
  at TEXT NOT NULL,
  ok INTEGER NOT NULL,
  accounts INTEGER,
  error TEXT
);
CREATE INDEX connector_runs_system ON connector_runs(system, id);

-- What HR says about people (filled by HR events): terminated people's accounts are flagged.
CREATE TABLE hr_people (
  email TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  manager_email TEXT,
  department TEXT,
  status TEXT NOT NULL CHECK (status IN ('hired', 'active', 'terminated')),
  start_date TEXT,
  terminated_at TEXT,
  updated_at TEXT NOT NULL
);
