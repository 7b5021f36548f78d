-- The fiscal years (B.E.) the year tables are built for: every year with programme data and the year before the
-- first (which a first year is compared with), each with its reference date: 30 September, or the data date when
-- that is earlier (the contract's default D).
WITH bounds AS (
    SELECT least((SELECT min(registered_on) FROM volunteers), (SELECT min(started_on) FROM mentors),
                 (SELECT min(activity_date) FROM activities)) AS first_day,
           COALESCE((SELECT max(activity_date) FROM activities), current_date) AS data_date
),
years AS (
    SELECT unnest(generate_series(
        CAST(year(first_day) + 543 + CASE WHEN month(first_day) >= 10 THEN 1 ELSE 0 END AS INTEGER) - 1,
        CAST(year(data_date) + 543 + CASE WHEN month(data_date) >= 10 THEN 1 ELSE 0 END AS INTEGER))) AS fiscal_year,
        data_date
    FROM bounds WHERE first_day IS NOT NULL
)
SELECT fiscal_year, least(make_date(fiscal_year - 543, 9, 30), data_date) AS reference_date
FROM years
ORDER BY fiscal_year
