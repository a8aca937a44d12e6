-- silver.review_flat: each live review with its beer, brewery and reviewer attributes, for the months
-- being rebuilt. Soft-deleted reviews are left out; a deleted or unknown beer, brewery or profile
-- leaves its attributes null (the review itself stays). Same statement on DuckDB and Spark SQL.
-- Inputs (views): review, beer, brewery, profile (silver), touched_partitions (review_year, review_month).
SELECT r.review_id, r.brewery_id, r.beer_id, r.profile_id,
       br.brewery_name, b.beer_name, b.beer_style, b.beer_abv,
       p.profile_name, p.state,
       r.review_overall, r.review_aroma, r.review_appearance, r.review_palate, r.review_taste,
       r.review_time, r.review_year, r.review_month,
       r.created_at, r.updated_at, r.deleted_at
FROM review r
JOIN touched_partitions m ON m.review_year = r.review_year AND m.review_month = r.review_month
LEFT JOIN beer b ON b.beer_id = r.beer_id AND b.deleted_at IS NULL
LEFT JOIN brewery br ON br.brewery_id = r.brewery_id AND br.deleted_at IS NULL
LEFT JOIN profile p ON p.profile_id = r.profile_id AND p.deleted_at IS NULL
WHERE r.deleted_at IS NULL
