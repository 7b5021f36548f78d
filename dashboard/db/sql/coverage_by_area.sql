-- Coverage per province (or per district when $by_district) in scope, at reference date $d.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
sub AS (
    SELECT subdistrict_code, district_code, province_code, volunteer_target,
           CASE WHEN $by_district THEN district_code ELSE province_code END AS area_code
    FROM subdistricts WHERE province_code IN (SELECT province_code FROM scope)
),
serving AS (
    SELECT subdistrict_code, count(*) AS n FROM volunteers
    WHERE province_code IN (SELECT province_code FROM scope)
      AND registered_on <= $d
      AND $d < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
      AND (left_on IS NULL OR left_on > $d)
    GROUP BY subdistrict_code
),
areas AS (
    SELECT s.area_code, any_value(s.province_code) AS province_code, count(*) AS subdistricts,
           count(v.subdistrict_code) AS covered_subdistricts,
           sum(s.volunteer_target) AS seat_target,
           sum(least(COALESCE(v.n, 0), s.volunteer_target)) AS seats_filled,
           COALESCE(sum(v.n), 0) AS serving_volunteers
    FROM sub s LEFT JOIN serving v USING (subdistrict_code)
    GROUP BY s.area_code
)
SELECT a.area_code, a.province_code,
       COALESCE(d.name_th, p.name_th) AS name_th, COALESCE(d.name_en, p.name_en) AS name_en, p.region_code,
       a.subdistricts, a.covered_subdistricts,
       round(100.0 * a.covered_subdistricts / a.subdistricts, 2) AS coverage_pct,
       a.seat_target, a.seats_filled, round(100.0 * a.seats_filled / a.seat_target, 2) AS seats_filled_pct,
       a.serving_volunteers
FROM areas a
JOIN provinces p ON p.province_code = a.province_code
LEFT JOIN districts d ON $by_district AND d.district_code = a.area_code
ORDER BY a.area_code
