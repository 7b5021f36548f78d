-- Serving volunteers, tambon coverage and seats filled at the reference date of each fiscal year.
-- $scope: province codes; $first_fy..$last_fy (B.E.); $data_date: a year's D is 30 Sep or the data date.
-- The years' D only grow, so a volunteer serves at the D of a run of years: from the fiscal year they registered
-- in to the one before the fiscal year their term ended or they left (to the last year if that is after the data
-- date). Listing those years per volunteer is cheaper than comparing every volunteer with every year's D.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
years AS (
    SELECT fy::INTEGER AS fiscal_year, least(make_date(fy::INTEGER - 543, 9, 30), $data_date::DATE) AS d
    FROM range($first_fy, $last_fy + 1) AS r(fy)
),
sub AS (SELECT subdistrict_code, volunteer_target FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope)),
terms AS (
    SELECT subdistrict_code, registered_on AS starts,
           least(COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)),
                 COALESCE(left_on, DATE '9999-12-31')) AS ends
    FROM volunteers
    WHERE province_code IN (SELECT province_code FROM scope) AND registered_on <= $data_date::DATE
),
served AS (  -- the first and last fiscal year at whose D a volunteer serves
    SELECT subdistrict_code,
           greatest(year(starts) + 543 + CASE WHEN month(starts) >= 10 THEN 1 ELSE 0 END, $first_fy) AS first_year,
           CASE WHEN ends <= $data_date::DATE
                THEN least(year(ends) + 542 + CASE WHEN month(ends) >= 10 THEN 1 ELSE 0 END, $last_fy)
                ELSE $last_fy END AS last_year
    FROM terms WHERE starts < ends
),
per_sub AS (
    SELECT fiscal_year, subdistrict_code, count(*) AS serving
    FROM (SELECT subdistrict_code, unnest(range(first_year, last_year + 1)) AS fiscal_year
          FROM served WHERE first_year <= last_year)
    GROUP BY fiscal_year, subdistrict_code
)
SELECT y.fiscal_year, y.d AS reference_date,
       COALESCE(sum(p.serving), 0) AS serving_volunteers,
       count(p.subdistrict_code) AS covered_subdistricts,
       (SELECT count(*) FROM sub) AS subdistricts,
       COALESCE(sum(least(p.serving, s.volunteer_target)), 0) AS seats_filled,
       (SELECT sum(volunteer_target) FROM sub) AS seat_target
FROM years y
LEFT JOIN per_sub p ON p.fiscal_year = y.fiscal_year
LEFT JOIN sub s ON s.subdistrict_code = p.subdistrict_code
GROUP BY y.fiscal_year, y.d
ORDER BY y.fiscal_year
