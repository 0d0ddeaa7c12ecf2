-- Wardsafe local store, schema version 4: actions that close ligature risks,
-- the estates queue, interim controls and the trust's remediation policy
-- (DESIGN.md §2.3; rules in crates/wardsafe-domain/src/remediation/).

-- One thing to do about a finding (a failed question or a ligature point) or
-- raised directly. Dates are Europe/London calendar dates (YYYY-MM-DD);
-- instants are UTC RFC 3339.
CREATE TABLE actions (
    id              TEXT PRIMARY KEY,
    ward_id         TEXT NOT NULL REFERENCES wards (id),
    area_id         TEXT REFERENCES areas (id),
    point_id        TEXT REFERENCES ligature_points (id),
    audit_id        TEXT REFERENCES audits (id),
    question_id     TEXT,
    source          TEXT NOT NULL,
    title           TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    band            TEXT NOT NULL,
    owner_team      TEXT NOT NULL,
    trade           TEXT NOT NULL,
    status          TEXT NOT NULL,
    assignee_id     TEXT REFERENCES users (id),
    due_date        TEXT NOT NULL,
    capital_ref     TEXT,
    merged_into     TEXT,
    raised_by       TEXT NOT NULL REFERENCES users (id),
    raised_at       TEXT NOT NULL,
    completed_by    TEXT,
    completed_at    TEXT,
    verified_by     TEXT,
    verified_at     TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actions_ward ON actions (ward_id, status, due_date);
CREATE INDEX actions_queue ON actions (status, band, due_date);
CREATE INDEX actions_point ON actions (point_id);
CREATE INDEX actions_audit ON actions (audit_id);
CREATE INDEX actions_assignee ON actions (assignee_id, status);

-- Append-only: every transition and change of an action (who, when, from,
-- to, why), its timeline. Evidence photos are named in photo_ids.
CREATE TABLE action_events (
    id           TEXT PRIMARY KEY,
    action_id    TEXT NOT NULL REFERENCES actions (id),
    kind         TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    at           TEXT NOT NULL,
    by_user      TEXT NOT NULL REFERENCES users (id),
    reason       TEXT,
    note         TEXT,
    assignee_id  TEXT,
    due_date     TEXT,
    photo_ids    TEXT NOT NULL DEFAULT '[]',
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX action_events_action ON action_events (action_id, at);

-- What keeps people safe while an action is open (room closed, 1:1
-- observation, …), each with a date to review it.
CREATE TABLE interim_controls (
    id           TEXT PRIMARY KEY,
    ward_id      TEXT NOT NULL REFERENCES wards (id),
    action_id    TEXT NOT NULL REFERENCES actions (id),
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    started_at   TEXT NOT NULL,
    review_date  TEXT NOT NULL,
    ended_at     TEXT,
    added_by     TEXT NOT NULL REFERENCES users (id),
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interim_controls_action ON interim_controls (action_id);

-- The trust's remediation policy (one record; the defaults apply until an
-- administrator saves one). Each change is in the change log.
CREATE TABLE remediation_policy (
    id                   TEXT PRIMARY KEY,
    extreme_days         INTEGER NOT NULL,
    high_days            INTEGER NOT NULL,
    moderate_days        INTEGER NOT NULL,
    low_days             INTEGER NOT NULL,
    vigilance_only_days  INTEGER NOT NULL,
    deleted              INTEGER NOT NULL DEFAULT 0
);
