-- Wardsafe local store, schema version 8: a cache of the review compliance
-- of ended seclusion and segregation episodes, for the restrictive practice
-- report (issue 5; docs/benchmarks.md).
--
-- A cache, not a record: derived from the records like an index, kept on
-- this device only, never in the change log, never synced. Emptying it
-- loses nothing; the report then evaluates those episodes again.
--
-- An ended episode's compliance is fixed by its own timeline, the patient's
-- other seclusion episodes ("12 hours within any 48") and the review rules.
-- The triggers below drop a cached row whenever any of those changes,
-- whether the change was made here or pulled from the server, so a cached
-- row is never stale. `engine` is the review engine's version: a row made by
-- another version is ignored.
CREATE TABLE episode_compliance_cache (
    episode_id  TEXT PRIMARY KEY,
    engine      INTEGER NOT NULL,
    counts      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER episode_compliance_observation_added AFTER INSERT ON episode_observations BEGIN
    DELETE FROM episode_compliance_cache WHERE episode_id = NEW.episode_id;
END;
CREATE TRIGGER episode_compliance_observation_changed AFTER UPDATE ON episode_observations BEGIN
    DELETE FROM episode_compliance_cache WHERE episode_id IN (OLD.episode_id, NEW.episode_id);
END;
CREATE TRIGGER episode_compliance_review_added AFTER INSERT ON episode_reviews BEGIN
    DELETE FROM episode_compliance_cache WHERE episode_id = NEW.episode_id;
END;
CREATE TRIGGER episode_compliance_review_changed AFTER UPDATE ON episode_reviews BEGIN
    DELETE FROM episode_compliance_cache WHERE episode_id IN (OLD.episode_id, NEW.episode_id);
END;
-- An episode's own times, and every episode of the same patient (their
-- spans count towards each other's intermittent trigger). Sign-off does not
-- change compliance, so it keeps the cache.
CREATE TRIGGER episode_compliance_episode_added AFTER INSERT ON restrictive_episodes BEGIN
    DELETE FROM episode_compliance_cache
    WHERE episode_id IN (SELECT id FROM restrictive_episodes WHERE nhs_number = NEW.nhs_number);
END;
CREATE TRIGGER episode_compliance_episode_changed
AFTER UPDATE OF kind, ward_id, nhs_number, started_at, authorised_role, authorised_by_doctor, ended_at, ending,
    deleted ON restrictive_episodes BEGIN
    DELETE FROM episode_compliance_cache
    WHERE episode_id IN (SELECT id FROM restrictive_episodes WHERE nhs_number IN (OLD.nhs_number, NEW.nhs_number));
END;
CREATE TRIGGER episode_compliance_rules_added AFTER INSERT ON review_rules BEGIN
    DELETE FROM episode_compliance_cache;
END;
CREATE TRIGGER episode_compliance_rules_changed AFTER UPDATE ON review_rules BEGIN
    DELETE FROM episode_compliance_cache;
END;
