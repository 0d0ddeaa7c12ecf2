-- Wardsafe local store, schema version 6: seclusion and long-term
-- segregation episodes with their observations and reviews, the trust's
-- review rules, use of force records and the blanket restrictions register
-- (DESIGN.md §2.4; rules in crates/wardsafe-domain/src/restrictive/).
--
-- A patient is identified on each record by name and NHS number (no patient
-- table): the NHS number (10 digits, checked) links a patient's episodes for
-- the "12 hours in any 48" independent review trigger. Both are patient
-- identifiers: they never reach a log. Instants are UTC RFC 3339 with
-- milliseconds (so text order is time order); dates are Europe/London.

-- A seclusion or long-term segregation episode (kind: seclusion |
-- long_term_segregation). Who authorised it is a clinical role (and a name)
-- with whether a doctor did; who recorded it is a user. Sign-off is the
-- matron's review of the episode, with a comment.
CREATE TABLE restrictive_episodes (
    id                    TEXT PRIMARY KEY,
    kind                  TEXT NOT NULL,
    ward_id               TEXT NOT NULL REFERENCES wards (id),
    room_area_id          TEXT REFERENCES areas (id),
    patient_name          TEXT NOT NULL,
    nhs_number            TEXT NOT NULL,
    started_at            TEXT NOT NULL,
    authorised_role       TEXT NOT NULL,
    authorised_by_name    TEXT NOT NULL,
    authorised_by_doctor  INTEGER NOT NULL,
    reason                TEXT NOT NULL,
    care_plan             TEXT,
    started_by            TEXT NOT NULL REFERENCES users (id),
    recorded_at           TEXT NOT NULL,
    ended_at              TEXT,
    ending                TEXT,
    debrief_offered       INTEGER,
    ended_by              TEXT REFERENCES users (id),
    signed_off_by         TEXT REFERENCES users (id),
    signed_off_at         TEXT,
    sign_off_comment      TEXT,
    deleted               INTEGER NOT NULL DEFAULT 0
);
-- Active episodes across wards (the matron's board).
CREATE INDEX restrictive_episodes_ward ON restrictive_episodes (ward_id, ended_at, started_at);
-- A patient's other episodes in the last 48 hours.
CREATE INDEX restrictive_episodes_patient ON restrictive_episodes (nhs_number, kind, started_at);

-- Append-only: the 15-minutely observations of a secluded patient.
CREATE TABLE episode_observations (
    id           TEXT PRIMARY KEY,
    episode_id   TEXT NOT NULL REFERENCES restrictive_episodes (id),
    at           TEXT NOT NULL,
    by_role      TEXT NOT NULL,
    note         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    recorded_at  TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX episode_observations_episode ON episode_observations (episode_id, at);

-- Append-only: reviews and other dated steps (kind: nursing, medical,
-- internal_mdt, independent_mdt, approved_clinician, external_review,
-- advocate_informed, commissioner_informed, care_plan). by_role led it;
-- other_staff is a JSON array of the clinical roles of the others present.
CREATE TABLE episode_reviews (
    id           TEXT PRIMARY KEY,
    episode_id   TEXT NOT NULL REFERENCES restrictive_episodes (id),
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    by_role      TEXT NOT NULL,
    by_name      TEXT NOT NULL,
    other_staff  TEXT NOT NULL,
    note         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    recorded_at  TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX episode_reviews_episode ON episode_reviews (episode_id, at);

-- The trust's review rules table (one record holding the JSON of the whole
-- table; DESIGN.md's defaults apply until an administrator saves one). Each
-- change is in the change log.
CREATE TABLE review_rules (
    id       TEXT PRIMARY KEY,
    rules    TEXT NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0
);

-- A use of force record, Mental Health Units (Use of Force) Act 2018 s6
-- (a)–(p); kept at least 3 years. Lists and structured answers are JSON:
-- force_types, staff ([{name, jobTitle}]), mental_disorder, protected
-- characteristics, positions ([{at, code}]), chemical, mechanical.
CREATE TABLE use_of_force (
    id                          TEXT PRIMARY KEY,
    ward_id                     TEXT NOT NULL REFERENCES wards (id),
    episode_id                  TEXT REFERENCES restrictive_episodes (id),
    recorded_at                 TEXT NOT NULL,
    recorded_by                 TEXT NOT NULL REFERENCES users (id),
    negligible                  INTEGER NOT NULL,
    negligible_reason           TEXT,
    reason                      TEXT,
    place                       TEXT,
    started_at                  TEXT,
    ended_at                    TEXT,
    force_types                 TEXT NOT NULL,
    in_care_plan                INTEGER,
    patient_name                TEXT,
    how_used                    TEXT,
    nhs_number                  TEXT,
    staff                       TEXT NOT NULL,
    non_staff_involved          INTEGER,
    non_staff_reason            TEXT,
    mental_disorder             TEXT,
    protected_characteristics   TEXT,
    learning_disability_or_autism TEXT,
    outcome                     TEXT,
    died_or_seriously_injured   INTEGER,
    efforts_to_avoid            TEXT,
    care_plan_people_notified   INTEGER,
    positions                   TEXT NOT NULL,
    chemical                    TEXT NOT NULL,
    mechanical                  TEXT NOT NULL,
    injuries                    TEXT,
    debrief_offered             INTEGER,
    deleted                     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX use_of_force_ward ON use_of_force (ward_id, started_at);
CREATE INDEX use_of_force_episode ON use_of_force (episode_id);

-- The blanket restrictions register: restriction, reason, approver and the
-- review date (Europe/London); lifted_on once lifted.
CREATE TABLE blanket_restrictions (
    id           TEXT PRIMARY KEY,
    ward_id      TEXT NOT NULL REFERENCES wards (id),
    restriction  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    review_date  TEXT NOT NULL,
    lifted_on    TEXT,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX blanket_restrictions_ward ON blanket_restrictions (ward_id, review_date);
