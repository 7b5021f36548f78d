-- Serving volunteers, tambon coverage and seats filled at the reference date of each fiscal year.
-- $scope: province codes; $first_fy..$last_fy (B.E.); $data_date: a year's D is 30 Sep or the data date.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
years AS (
    SELECT fy::INTEGER AS fiscal_year, least(make_date(fy::INTEGER - 543, 9, 30), $data_date::DATE) AS d
    FROM range($first_fy, $last_fy + 1) AS r(fy)
),
sub AS (SELECT subdistrict_code, volunteer_target FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope)),
v AS (
    SELECT subdistrict_code, registered_on, left_on,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers WHERE province_code IN (SELECT province_code FROM scope)
),
per_sub AS (
    SELECT y.fiscal_year, v.subdistrict_code, count(*) AS serving
    FROM years y JOIN v ON v.registered_on <= y.d AND y.d < v.term_ends_on AND (v.left_on IS NULL OR v.left_on > y.d)
    GROUP BY y.fiscal_year, v.subdistrict_code
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
