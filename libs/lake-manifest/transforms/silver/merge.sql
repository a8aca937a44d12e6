-- Silver MERGE of one source table: the same statement on DuckDB (embedded engine) and Spark SQL.
--
-- Applies one run's bronze changes to the silver rows they can touch. Per key only the latest change
-- counts, by source position (commit time, then sequence); a change older than the row's updated_at is
-- ignored, so a late older change never overwrites a newer one. insert, load and update upsert; delete
-- keeps the row with deleted_at set and the key's last known values (its latest upsert, else the silver
-- row). A delete of a key silver has not seen yet leaves a tombstone (key only), so an older insert
-- arriving later cannot bring the key back.
-- created_at = source time of the first change seen for the key; updated_at = the latest applied one.
--
-- Inputs (views):  changes  the run's bronze rows (table columns + op, change_ts, change_seq)
--                  target   the current silver rows of the partitions this run rewrites
-- Output:          the new rows of those partitions (table columns, computed columns, lifecycle)
--
-- Placeholders, filled from the lake manifest by both engines:
--   {{key}}              the primary-key columns, comma-separated
--   {{key_equals:a:b}}   a.k = b.k for every key column, joined by AND
--   {{columns:p}}        every declared column, prefixed by p.
--   {{computed}}         ", <expression> AS <name>" for every computed column (may be empty)
WITH ranked AS (
  SELECT c.*,
         row_number() OVER (PARTITION BY {{key}} ORDER BY c.change_ts DESC, c.change_seq DESC) AS change_rank,
         min(c.change_ts) OVER (PARTITION BY {{key}}) AS first_change_ts
  FROM changes c
),
applied AS (
  SELECT r.*
  FROM ranked r
  LEFT JOIN target t ON {{key_equals:r:t}}
  WHERE r.change_rank = 1 AND (t.updated_at IS NULL OR r.change_ts >= t.updated_at)
),
first_seen AS (
  SELECT a.*,
         CASE WHEN t.created_at IS NULL OR a.first_change_ts < t.created_at THEN a.first_change_ts ELSE t.created_at END AS created_at
  FROM applied a
  LEFT JOIN target t ON {{key_equals:a:t}}
),
images AS (
  -- every known version of a key's values, newest first; a delete's own (key-only) values come last
  SELECT {{columns:c}}, 0 AS is_delete, c.change_ts AS image_ts, c.change_seq AS image_seq FROM changes c WHERE c.op <> 'delete'
  UNION ALL
  SELECT {{columns:t}}, 0 AS is_delete, t.updated_at AS image_ts, -1 AS image_seq FROM target t
  UNION ALL
  SELECT {{columns:c}}, 1 AS is_delete, c.change_ts AS image_ts, c.change_seq AS image_seq FROM changes c WHERE c.op = 'delete'
),
last_image AS (
  SELECT * FROM (
    SELECT i.*, row_number() OVER (PARTITION BY {{key}} ORDER BY i.is_delete, i.image_ts DESC, i.image_seq DESC) AS image_rank
    FROM images i
  ) ranked_images
  WHERE image_rank = 1
),
merged AS (
  -- rows the run leaves as they are
  SELECT {{columns:t}}, t.created_at, t.updated_at, t.deleted_at
  FROM target t
  WHERE NOT EXISTS (SELECT 1 FROM applied a WHERE {{key_equals:a:t}})
  UNION ALL
  -- upserts
  SELECT {{columns:f}}, f.created_at, f.change_ts AS updated_at, NULL AS deleted_at
  FROM first_seen f
  WHERE f.op <> 'delete'
  UNION ALL
  -- soft deletes
  SELECT {{columns:i}}, f.created_at, f.change_ts AS updated_at, f.change_ts AS deleted_at
  FROM first_seen f
  JOIN last_image i ON {{key_equals:f:i}}
  WHERE f.op = 'delete'
)
SELECT m.*{{computed}}
FROM merged m
