-- Wardsafe local store, schema version 7: what the use of force records and
-- the blanket restrictions register need beyond 0006 (DESIGN.md §2.4).
--
-- A use of force record may be purged once kept 3 years (Mental Health
-- Units (Use of Force) Act 2018 s6 guidance): it is then marked deleted, its
-- patient identifiers are blanked, and who purged it, when and why stay on
-- the row (and in the change log).
ALTER TABLE use_of_force ADD COLUMN purged_at TEXT;
ALTER TABLE use_of_force ADD COLUMN purged_by TEXT REFERENCES users (id);
ALTER TABLE use_of_force ADD COLUMN purge_reason TEXT;

-- A blanket restriction's latest review (each review is also a change-log
-- row, so the history is kept) and why it was lifted.
ALTER TABLE blanket_restrictions ADD COLUMN reviewed_at TEXT;
ALTER TABLE blanket_restrictions ADD COLUMN reviewed_by TEXT REFERENCES users (id);
ALTER TABLE blanket_restrictions ADD COLUMN review_note TEXT;
ALTER TABLE blanket_restrictions ADD COLUMN lifted_reason TEXT;
ALTER TABLE blanket_restrictions ADD COLUMN lifted_by TEXT REFERENCES users (id);

-- The restrictive practice report reads a year of a trust's observations
-- and reviews, episode by episode: covering indexes, so that it reads them
-- from the index alone (docs/benchmarks.md).
CREATE INDEX episode_observations_report ON episode_observations (episode_id, deleted, at, by_role);
CREATE INDEX episode_reviews_report ON episode_reviews (episode_id, deleted, at, kind, by_role, other_staff);
