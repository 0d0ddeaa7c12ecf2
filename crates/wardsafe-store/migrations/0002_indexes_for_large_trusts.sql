-- Wardsafe local store, schema version 2: indexes for large trusts
-- (docs/benchmarks.md). No table changes.

-- "The latest assessment of each point before an instant" (a walk-round's
-- comparison with the previous one) is one backwards seek per point on this
-- index, with `id` breaking ties between assessments made in the same
-- millisecond. It covers everything the old (point_id, assessed_at) index did.
CREATE INDEX ligature_assessments_point_latest ON ligature_assessments (point_id, assessed_at, id);
DROP INDEX ligature_assessments_point;
