-- gold.top_drinkers: per month, every reviewer's review count and average overall score.
-- Inputs (views): review_flat (silver), touched_partitions (review_year, review_month) to recompute.
SELECT f.profile_id, f.profile_name, f.state,
       count(*) AS total_reviews,
       avg(f.review_overall) AS avg_rating,
       count(f.review_overall) AS rated_reviews,
       f.review_year, f.review_month
FROM review_flat f
JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month
GROUP BY f.profile_id, f.profile_name, f.state, f.review_year, f.review_month
