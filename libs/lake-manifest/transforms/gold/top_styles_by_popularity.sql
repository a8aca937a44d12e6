-- gold.top_styles_by_popularity: per month, every beer style with at least 25 live reviews.
-- Reviews of unknown or deleted beers have no style and are not counted.
-- Inputs (views): review_flat (silver), touched_partitions (review_year, review_month) to recompute.
SELECT f.beer_style,
       count(*) AS total_reviews,
       avg(f.review_overall) AS avg_rating,
       count(f.review_overall) AS rated_reviews,
       f.review_year, f.review_month
FROM review_flat f
JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month
WHERE f.beer_style IS NOT NULL
GROUP BY f.beer_style, f.review_year, f.review_month
HAVING count(*) >= 25
