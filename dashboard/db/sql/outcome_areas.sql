-- What the volunteers of each province (or, with $by_district, each district) of the scope did from $start to $d
-- (an activity belongs to the area of its volunteer, serving or not on $d), and how many volunteers serve there on
-- $d and recorded any of it: the same counts as outcome_kpis.sql, area by area, so that they add up to the KPIs.
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE), $by_district (BOOLEAN).
WITH
volunteers_in_scope AS (
    SELECT volunteer_id, province_code, CASE WHEN $by_district THEN district_code ELSE province_code END AS area_code,
           registered_on <= $d::DATE
           AND $d::DATE < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
           AND (left_on IS NULL OR left_on > $d::DATE) AS serving
    FROM volunteers WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
),
per_volunteer AS (
    SELECT volunteer_id, count(*) AS activities, COALESCE(sum(people_reached), 0) AS people_reached,
           count(*) FILTER (WHERE activity_type = 'identify') AS identified,
           count(*) FILTER (WHERE activity_type = 'screen') AS screened,
           count(*) FILTER (WHERE activity_type = 'refer') AS referred
    FROM activities
    WHERE activity_date BETWEEN $start::DATE AND $d::DATE
      AND volunteer_id IN (SELECT volunteer_id FROM volunteers_in_scope)
    GROUP BY volunteer_id
)
SELECT v.area_code, v.province_code, COALESCE(d.name_th, p.name_th) AS name_th, COALESCE(d.name_en, p.name_en) AS name_en,
       count(*) FILTER (WHERE v.serving) AS serving,
       count(*) FILTER (WHERE v.serving AND a.activities > 0) AS active,
       CAST(COALESCE(sum(a.activities), 0) AS BIGINT) AS activities,
       CAST(COALESCE(sum(a.people_reached), 0) AS BIGINT) AS people_reached,
       CAST(COALESCE(sum(a.identified), 0) AS BIGINT) AS identified,
       CAST(COALESCE(sum(a.screened), 0) AS BIGINT) AS screened,
       CAST(COALESCE(sum(a.referred), 0) AS BIGINT) AS referred
FROM volunteers_in_scope v LEFT JOIN per_volunteer a USING (volunteer_id)
LEFT JOIN provinces p ON NOT $by_district AND p.province_code = v.area_code
LEFT JOIN districts d ON $by_district AND d.district_code = v.area_code
GROUP BY ALL
HAVING count(*) FILTER (WHERE v.serving) > 0 OR sum(a.activities) > 0
ORDER BY v.area_code
