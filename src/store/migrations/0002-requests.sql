-- A request to a person, with durable timers. next_action_at is the only timer: the sweep
-- claims a due row by pushing it a lease into the future, acts, then sets the real next time.
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  title TEXT NOT NULL,
  controls TEXT NOT NULL DEFAULT '[]',
  assignee TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'escalated', 'cancelled')),
  dedupe_key TEXT UNIQUE,
  payload TEXT NOT NULL DEFAULT '{}',
  response TEXT,
  created_at TEXT NOT NULL,
  due_at TEXT,
  next_action_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  asked_at TEXT,
  last_reminded_at TEXT,
  reminders INTEGER NOT NULL DEFAULT 0,
  manager_escalated_at TEXT,
  channel_escalated_at TEXT,
  escalated_to TEXT,
  answered_at TEXT,
  answered_by TEXT,
  dm_channel TEXT,
  dm_ts TEXT,
  artifact_id TEXT
);
CREATE INDEX requests_timer ON requests(next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX requests_assignee ON requests(assignee, state);
CREATE INDEX requests_kind_state ON requests(kind, state);

CREATE TABLE request_events (
  id INTEGER PRIMARY KEY,
  request_id TEXT NOT NULL REFERENCES requests(id),
  at TEXT NOT NULL,
  what TEXT NOT NULL CHECK (what IN ('created', 'asked', 'reminded', 'escalated', 'answered', 'failed', 'cancelled', 'reassigned', 'closed')),
  detail TEXT
);
CREATE INDEX request_events_request ON request_events(request_id, id);

-- The people the bot talks to, cached from Slack (time zone for working hours, email for the
-- signature block) and from config or HR (manager, for escalation).
CREATE TABLE people (
  slack_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT,
  tz TEXT NOT NULL DEFAULT 'UTC',
  is_bot INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  is_restricted INTEGER NOT NULL DEFAULT 0,
  manager TEXT,
  refreshed_at TEXT NOT NULL
);
CREATE INDEX people_email ON people(email);

-- Recurring collections (annual acknowledgments, quarterly reviews, the daily checkpoint). The
-- next run is a row, so a collection missed while the bot was down runs once when it is back.
CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  next_run_at TEXT NOT NULL,
  last_run_at TEXT,
  last_error TEXT
);
