-- gold.top_breweries_by_rating: per month, every brewery with at least 25 live reviews.
-- Inputs (views): review_flat (silver), touched_partitions (review_year, review_month) to recompute.
SELECT f.brewery_id, f.brewery_name,
       avg(f.review_overall) AS avg_rating,
       count(f.review_overall) AS rated_reviews,
       count(*) AS total_reviews,
       f.review_year, f.review_month
FROM review_flat f
JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month
GROUP BY f.brewery_id, f.brewery_name, f.review_year, f.review_month
HAVING count(*) >= 25
