-- Incidents from PagerDuty, Sentry, a generic webhook, or Slack itself, with their timeline.
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT,
  service TEXT,
  url TEXT,
  status TEXT NOT NULL CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
  created_at TEXT,
  triggered_at TEXT NOT NULL,
  acknowledged_at TEXT,
  resolved_at TEXT,
  assignees TEXT NOT NULL DEFAULT '[]',
  oncall TEXT,
  oncall_source TEXT,
  reported_by TEXT,
  captured_at TEXT NOT NULL,
  channel TEXT,
  channel_ts TEXT,
  -- Set by every event; cleared once the on-call is resolved, the request placed and the post updated.
  sync_needed INTEGER NOT NULL DEFAULT 1,
  resolution_request_id TEXT,
  postmortem_request_id TEXT,
  UNIQUE (source, external_id)
);
CREATE INDEX incidents_sync ON incidents(sync_needed) WHERE sync_needed = 1;

CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  at TEXT NOT NULL,
  what TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

-- Every webhook delivery accepted, by the provider's event ID: a redelivery changes nothing.
CREATE TABLE webhook_deliveries (
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  incident_id TEXT,
  PRIMARY KEY (source, event_id)
);
