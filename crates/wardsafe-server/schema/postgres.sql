-- wardsafe-server, PostgreSQL (same tables as schema/sqlite.sql). Idempotent: run at every start.
CREATE TABLE IF NOT EXISTS meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
-- Devices and their hashed tokens; wards is a JSON array of ward ids.
CREATE TABLE IF NOT EXISTS devices (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    wards        TEXT NOT NULL,
    all_wards    BIGINT NOT NULL,
    acked_seq    BIGINT NOT NULL DEFAULT 0,
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
    code_hash   TEXT PRIMARY KEY,
    wards       TEXT NOT NULL,
    all_wards   BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    used_by     TEXT
);
-- Every change, in commit order. ward_id is '' for trust-wide records.
CREATE TABLE IF NOT EXISTS changes (
    server_seq   BIGSERIAL PRIMARY KEY,
    ward_id      TEXT NOT NULL,
    change_id    TEXT NOT NULL UNIQUE,
    device_id    TEXT NOT NULL,
    device_seq   BIGINT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    op           TEXT NOT NULL,
    fields       TEXT NOT NULL,
    hlc          TEXT NOT NULL,
    user_id      TEXT,
    at           TEXT NOT NULL,
    seen         TEXT,
    received_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_ward ON changes (ward_id, server_seq);
CREATE INDEX IF NOT EXISTS changes_record ON changes (entity_id, server_seq);
-- A refused change, so that a retry gets the same answer.
CREATE TABLE IF NOT EXISTS rejections (
    device_id   TEXT NOT NULL,
    device_seq  BIGINT NOT NULL,
    change_id   TEXT NOT NULL,
    code        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (device_id, device_seq)
);
-- Each record's ward, tombstone and merged fields ({field: {v, h}}), for
-- authorisation, uniqueness and conflict checks.
CREATE TABLE IF NOT EXISTS records (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    ward_id    TEXT NOT NULL,
    deleted    BIGINT NOT NULL DEFAULT 0,
    state      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
);
CREATE INDEX IF NOT EXISTS records_entity ON records (entity, ward_id);
CREATE TABLE IF NOT EXISTS photo_chunks (
    sha256    TEXT NOT NULL,
    "offset"  BIGINT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (sha256, "offset")
);
CREATE TABLE IF NOT EXISTS photos (
    sha256       TEXT PRIMARY KEY,
    size         BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    received_at  TEXT NOT NULL
);
