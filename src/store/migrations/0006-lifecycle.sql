-- Onboarding and offboarding checklists. (0004 belongs to another branch's migration.)

-- The HR system's own ID of a person (Gusto employee UUID, Rippling ID), so events that name
-- only that ID can be matched to the person an earlier event described.
ALTER TABLE hr_people ADD COLUMN hr_id TEXT;
ALTER TABLE hr_people ADD COLUMN slack_id TEXT;
CREATE INDEX hr_people_hr_id ON hr_people(hr_id) WHERE hr_id IS NOT NULL;

-- Every HR event received, by the sender's event ID: a redelivery changes nothing.
CREATE TABLE hr_events (
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  type TEXT NOT NULL,
  email TEXT,
  outcome TEXT NOT NULL,
  checklist_id TEXT,
  PRIMARY KEY (source, event_id)
);

-- One hire or termination and its checklist. event_at is the start (onboarding) or the
-- termination time (offboarding); effective_date is the day evidence is filed under.
CREATE TABLE checklists (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('onboarding', 'offboarding')),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  department TEXT,
  hr_id TEXT,
  person_slack_id TEXT,
  manager_email TEXT,
  manager_slack_id TEXT,
  event_at TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  accounts TEXT NOT NULL DEFAULT '{}',
  discovery TEXT,
  discovered_at TEXT,
  verify_at TEXT,
  next_lookup_at TEXT,
  channel TEXT,
  message_ts TEXT,
  message_dirty INTEGER NOT NULL DEFAULT 1,
  message_synced_at TEXT,
  completed_at TEXT,
  artifact_id TEXT
);
CREATE INDEX checklists_event_at ON checklists(event_at);
CREATE INDEX checklists_open ON checklists(state, type);
CREATE UNIQUE INDEX checklists_one_open ON checklists(type, lower(email)) WHERE state = 'open';

-- A step of a checklist. A step a person must do is a request (request_id); the policy
-- acknowledgment step points at the acknowledgment flow's request instead.
CREATE TABLE checklist_steps (
  checklist_id TEXT NOT NULL REFERENCES checklists(id),
  step_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('task', 'access-removal', 'acknowledgments', 'attestation')),
  title TEXT NOT NULL,
  owner TEXT NOT NULL,
  system TEXT,
  assignee TEXT,
  request_id TEXT REFERENCES requests(id),
  due_at TEXT NOT NULL,
  controls TEXT NOT NULL,
  needs_note INTEGER NOT NULL DEFAULT 0,
  needs_link INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'open', 'done', 'not_applicable')),
  waiting_for TEXT,
  done_at TEXT,
  done_by TEXT,
  note TEXT,
  link TEXT,
  artifact_id TEXT,
  payload_sha256 TEXT,
  PRIMARY KEY (checklist_id, step_key)
);
CREATE INDEX checklist_steps_request ON checklist_steps(request_id) WHERE request_id IS NOT NULL;
CREATE INDEX checklist_steps_open ON checklist_steps(kind, state);

-- Each check that a leaver's accounts are gone, system by system.
CREATE TABLE offboarding_verifications (
  id TEXT PRIMARY KEY,
  checklist_id TEXT NOT NULL REFERENCES checklists(id),
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  clean INTEGER NOT NULL,
  results TEXT NOT NULL,
  artifact_id TEXT NOT NULL
);
CREATE INDEX offboarding_verifications_checklist ON offboarding_verifications(checklist_id, at);
