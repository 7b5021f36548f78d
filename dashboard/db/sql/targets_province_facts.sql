-- What the default targets of each province in scope are computed from (docs/targets.md): its tambons and seats (the
-- weights of a region's coverage and seats-filled targets), its serving volunteers at $d, and the seminars held in it
-- in $previous_fiscal_year. One row per province of $scope, in code order.
-- Parameters: $scope (VARCHAR[] of province codes), $d (DATE), $previous_fiscal_year (INTEGER, B.E.).
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
tambons AS (
    SELECT province_code, count(*) AS subdistricts, sum(volunteer_target) AS seat_target
    FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope) GROUP BY province_code
),
serving AS (
    SELECT province_code, count(*) AS serving_volunteers
    FROM volunteers
    WHERE province_code IN (SELECT province_code FROM scope)
      AND registered_on <= $d::DATE
      AND $d::DATE < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d::DATE)
    GROUP BY province_code
),
held AS (
    SELECT province_code, count(*) AS seminars_previous_year
    FROM seminars
    WHERE province_code IN (SELECT province_code FROM scope)
      AND COALESCE(fiscal_year, year(start_date) + 543 + CASE WHEN month(start_date) >= 10 THEN 1 ELSE 0 END)
          = $previous_fiscal_year::INTEGER
    GROUP BY province_code
)
SELECT s.province_code,
       CAST(COALESCE(t.subdistricts, 0) AS BIGINT) AS subdistricts,
       CAST(COALESCE(t.seat_target, 0) AS BIGINT) AS seat_target,
       CAST(COALESCE(v.serving_volunteers, 0) AS BIGINT) AS serving_volunteers,
       CAST(COALESCE(h.seminars_previous_year, 0) AS BIGINT) AS seminars_previous_year
FROM scope s
LEFT JOIN tambons t USING (province_code)
LEFT JOIN serving v USING (province_code)
LEFT JOIN held h USING (province_code)
ORDER BY s.province_code
