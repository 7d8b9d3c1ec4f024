-- Gap detection finds the artifact filed for a request (an incident's resolution, its postmortem).
CREATE INDEX artifacts_request ON artifacts(request_id) WHERE request_id IS NOT NULL;
