-- When the bot first saw each person and when it saw them leave: an annual acknowledgment is
-- owed by whoever was there when it fell due, not by someone who joined later or left before.
ALTER TABLE people ADD COLUMN first_seen_at TEXT;
ALTER TABLE people ADD COLUMN left_at TEXT;
-- Rows from before this migration: the earliest trace of the person is the best estimate.
UPDATE people SET first_seen_at = MIN(refreshed_at, COALESCE((SELECT MIN(created_at) FROM requests r WHERE r.assignee = people.slack_id), refreshed_at));

-- Gap detection asks "which access reviews / acknowledgments cover this period".
CREATE INDEX artifacts_kind_effective ON artifacts(kind, effective_from, effective_to);
