-- Wardsafe local store, schema version 1.
-- Every table is written only through the store's one write path, which
-- appends a change_log row in the same transaction. Nothing is hard-deleted:
-- `deleted` is a tombstone.

CREATE TABLE device (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id   TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    fields      TEXT NOT NULL,
    hlc         TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE wards (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites (id),
    name        TEXT NOT NULL,
    specialty   TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX wards_site ON wards (site_id);

CREATE TABLE areas (
    id          TEXT PRIMARY KEY,
    ward_id     TEXT NOT NULL REFERENCES wards (id),
    name        TEXT NOT NULL,
    area_type   TEXT NOT NULL,
    tier        INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 3),
    position    INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX areas_ward ON areas (ward_id, position);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE user_roles (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    role        TEXT NOT NULL,
    ward_id     TEXT REFERENCES wards (id),
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX user_roles_user ON user_roles (user_id);

CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    key         TEXT NOT NULL,
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'live', 'archived')),
    body        TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, version)
);

CREATE TABLE audits (
    id             TEXT PRIMARY KEY,
    ward_id        TEXT NOT NULL REFERENCES wards (id),
    template_id    TEXT NOT NULL REFERENCES templates (id),
    status         TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'signed_off')),
    started_at     TEXT NOT NULL,
    started_by     TEXT NOT NULL REFERENCES users (id),
    completed_at   TEXT,
    completed_by   TEXT REFERENCES users (id),
    signed_off_at  TEXT,
    signed_off_by  TEXT REFERENCES users (id),
    deleted        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audits_ward ON audits (ward_id, started_at);

-- One answer per (audit, area, question); area_id is NULL for ward-wide checks.
CREATE TABLE answers (
    id           TEXT PRIMARY KEY,
    audit_id     TEXT NOT NULL REFERENCES audits (id),
    area_id      TEXT REFERENCES areas (id),
    question_id  TEXT NOT NULL,
    value        TEXT NOT NULL,
    comment      TEXT,
    photo_ids    TEXT NOT NULL DEFAULT '[]',
    failed       INTEGER NOT NULL,
    answered_at  TEXT NOT NULL,
    answered_by  TEXT NOT NULL REFERENCES users (id),
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX answers_key ON answers (audit_id, IFNULL(area_id, ''), question_id);

-- Corrections to a signed-off audit; the original answer is kept here.
CREATE TABLE amendments (
    id                TEXT PRIMARY KEY,
    audit_id          TEXT NOT NULL REFERENCES audits (id),
    answer_id         TEXT NOT NULL REFERENCES answers (id),
    original_value    TEXT NOT NULL,
    original_comment  TEXT,
    value             TEXT NOT NULL,
    comment           TEXT,
    reason            TEXT NOT NULL,
    amended_at        TEXT NOT NULL,
    amended_by        TEXT NOT NULL REFERENCES users (id),
    deleted           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX amendments_audit ON amendments (audit_id);

CREATE TABLE ligature_points (
    id              TEXT PRIMARY KEY,
    ward_id         TEXT NOT NULL REFERENCES wards (id),
    area_id         TEXT NOT NULL REFERENCES areas (id),
    fixture_type    TEXT NOT NULL,
    location        TEXT NOT NULL,
    height_band     TEXT NOT NULL,
    collapsible     INTEGER NOT NULL,
    load_test_date  TEXT,
    status          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_audit   TEXT REFERENCES audits (id),
    latest_assessment TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ligature_points_ward ON ligature_points (ward_id, area_id);

-- Append-only: every assessment of every point is kept.
CREATE TABLE ligature_assessments (
    id                    TEXT PRIMARY KEY,
    point_id              TEXT NOT NULL REFERENCES ligature_points (id),
    audit_id              TEXT REFERENCES audits (id),
    likelihood            INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    consequence           INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    residual_likelihood   INTEGER CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_consequence  INTEGER CHECK (residual_consequence BETWEEN 1 AND 5),
    controls              TEXT NOT NULL DEFAULT '[]',
    status                TEXT NOT NULL,
    accepted_reason       TEXT,
    approver              TEXT,
    notes                 TEXT,
    photo_ids             TEXT NOT NULL DEFAULT '[]',
    assessed_at           TEXT NOT NULL,
    assessed_by           TEXT NOT NULL REFERENCES users (id),
    deleted               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ligature_assessments_point ON ligature_assessments (point_id, assessed_at);
CREATE INDEX ligature_assessments_audit ON ligature_assessments (audit_id);

-- Photos, content-addressed by SHA-256.
CREATE TABLE photos (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);
