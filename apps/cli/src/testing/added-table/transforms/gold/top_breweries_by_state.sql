-- gold.top_breweries_by_state: per month and reviewers' state, the breweries reviewed and the live reviews.
-- Inputs (views): review_flat (silver), touched_partitions (review_year, review_month) to recompute.
SELECT f.state,
       count(DISTINCT f.brewery_id) AS breweries_reviewed,
       count(*) AS total_reviews,
       f.review_year, f.review_month
FROM review_flat f
JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month
WHERE f.state IS NOT NULL
GROUP BY f.state, f.review_year, f.review_month
