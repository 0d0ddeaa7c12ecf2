-- Wardsafe local store, schema version 3: sync with the trust's server
-- (DESIGN.md §3, docs/sync-protocol.md).

-- The change log is also the outbox. Each change this device makes gets the
-- next per-device sequence number (`device_seq`); changes pulled from the
-- server keep their origin's number and carry the server's commit position
-- (`server_seq`). `seen` is the pull cursor the device had when it made the
-- change: the server uses it to tell a concurrent edit from a later one.
ALTER TABLE change_log ADD COLUMN device_seq INTEGER;
ALTER TABLE change_log ADD COLUMN server_seq INTEGER;
ALTER TABLE change_log ADD COLUMN seen TEXT;

-- Number this device's existing changes (not the device row itself, which
-- never leaves the device) so that they go out in the order they were made.
UPDATE change_log SET device_seq = (
    SELECT n FROM (
        SELECT seq AS s, ROW_NUMBER() OVER (ORDER BY seq) AS n
        FROM change_log WHERE entity <> 'device' AND device_id = (SELECT id FROM device LIMIT 1)
    ) WHERE s = change_log.seq
) WHERE entity <> 'device' AND device_id = (SELECT id FROM device LIMIT 1);

CREATE UNIQUE INDEX change_log_outbox ON change_log (device_id, device_seq);

-- Device-local sync bookkeeping (server address, token, cursor, what the
-- server has acknowledged, clock offset). Not a record: it never syncs.
CREATE TABLE sync_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Concurrent edits of a safety-critical field, and a delete concurrent with
-- an edit, found by the server. Both values are kept until a person
-- resolves it; the resolution is itself a change (DESIGN.md §3).
CREATE TABLE conflicts (
    id             TEXT PRIMARY KEY,
    ward_id        TEXT,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('field', 'delete_edit')),
    field          TEXT,
    candidates     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    created_at     TEXT NOT NULL,
    resolution     TEXT,
    resolved_by    TEXT,
    resolved_at    TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_open ON conflicts (status, ward_id);
