-- Mentor load at the reference date of each fiscal year $first_fy..$last_fy, per province in scope: counts and
-- sums that add up over provinces (the mean load is load_sum / serving_mentors, the max the max).
-- The years' D only grow (30 Sep, or the data date in its year), so a volunteer serves at the D of a run of years:
-- from the fiscal year they registered in to the one before the fiscal year their term ended or they left (to
-- the last year if that is after the data date). Each volunteer adds one to their mentor's load in the first
-- year and takes it off after the last, and a mentor's load in a year is the sum up to that year: cheaper than
-- comparing every volunteer with every year's D.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
years AS (
    SELECT fy::INTEGER AS fiscal_year, least(make_date(fy::INTEGER - 543, 9, 30), $data_date::DATE) AS d
    FROM range($first_fy, $last_fy + 1) AS r(fy)
),
terms AS (
    SELECT mentor_id, registered_on AS starts,
           least(COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)),
                 COALESCE(left_on, DATE '9999-12-31')) AS ends
    FROM volunteers
    WHERE mentor_id IN (SELECT mentor_id FROM mentors WHERE province_code IN (SELECT province_code FROM scope))
      AND registered_on <= $data_date::DATE
),
changes AS (
    SELECT mentor_id, fiscal_year, sum(change) AS change
    FROM (
        SELECT mentor_id, year(starts) + 543 + CASE WHEN month(starts) >= 10 THEN 1 ELSE 0 END AS fiscal_year,
               1 AS change
        FROM terms WHERE starts < ends
        UNION ALL
        SELECT mentor_id, year(ends) + 543 + CASE WHEN month(ends) >= 10 THEN 1 ELSE 0 END, -1
        FROM terms WHERE starts < ends AND ends <= $data_date::DATE
    )
    GROUP BY mentor_id, fiscal_year
),
loads AS (
    SELECT y.fiscal_year, m.province_code, m.mentor_id, COALESCE(sum(c.change), 0) AS load
    FROM years y
    JOIN mentors m ON m.started_on <= y.d AND (m.left_on IS NULL OR m.left_on > y.d)
    LEFT JOIN changes c ON c.mentor_id = m.mentor_id AND c.fiscal_year <= y.fiscal_year
    WHERE m.province_code IN (SELECT province_code FROM scope)
    GROUP BY y.fiscal_year, m.province_code, m.mentor_id
)
SELECT fiscal_year, province_code, count(*) AS serving_mentors, sum(load) AS load_sum, max(load) AS max_load,
       count(*) FILTER (WHERE load > $threshold) AS overloaded_mentors
FROM loads GROUP BY fiscal_year, province_code ORDER BY fiscal_year, province_code
