-- gold.state_by_review_volume: per month, the number of live reviews written from each US state.
-- Reviews whose reviewer is unknown or deleted have no state and are not counted.
-- Inputs (views): review_flat (silver), touched_partitions (review_year, review_month) to recompute.
SELECT f.state,
       count(*) AS total_reviews,
       f.review_year, f.review_month
FROM review_flat f
JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month
WHERE f.state IS NOT NULL
GROUP BY f.state, f.review_year, f.review_month
