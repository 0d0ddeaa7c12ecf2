-- Wardsafe local store, schema version 5: covering indexes for the estates
-- queue and the risk dashboard on a large trust (issue 4's benchmarks:
-- docs/benchmarks.md). Each lets its query read the index alone instead of
-- looking up every row: on 100,000 actions and 50,000 points the trust
-- dashboard's open-points count went from ~85 ms to ~21 ms, its 12-month
-- trend from ~115 ms to ~25 ms.

-- The queue: filter by status, order by band and due date, page by id.
DROP INDEX actions_queue;
CREATE INDEX actions_queue ON actions (status, band, due_date, raised_at, id, ward_id, trade, assignee_id, deleted);

-- A ward's actions over time: counts by status and the 12-month trend.
CREATE INDEX actions_life ON actions (ward_id, status, verified_at, band, raised_at, due_date, deleted);

-- Open points by band and tier: a point's latest scores without its row.
CREATE INDEX ligature_points_open ON ligature_points (ward_id, status, deleted, area_id, latest_assessment);
CREATE INDEX ligature_assessments_scores
    ON ligature_assessments (id, likelihood, consequence, residual_likelihood, residual_consequence, deleted);
