-- Per district of the provinces in $scope: the seats at $d and the terms that end after $d up to $horizon_end.
-- A term ends at a volunteer's next 3-year mark after $d (registered_on + 3k years), or at term_ends_on when
-- that is earlier; `renewals_recorded` are those whose row already goes on past that mark (a renewal recorded
-- early). With $as_known_on_d the rows are read as they could have been known on $d: no renewal recorded early
-- is counted (the backtest; see docs/planning.md). `renewed_actual` reads the rows as they are (the backtest's
-- actual, meaningful once $horizon_end has passed). Seats count each tambon up to its volunteer_target, as the
-- contract's seats filled: a volunteer beyond the target opens no seat when their term ends.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
sub AS (
    SELECT subdistrict_code, district_code, province_code, volunteer_target FROM subdistricts
    WHERE province_code IN (SELECT province_code FROM scope)
),
serving AS (
    SELECT subdistrict_code, r, l, e,
           CASE WHEN CAST(r + to_years(3 * ((year($d::DATE) - year(r)) // 3)) AS DATE) > $d::DATE
                THEN CAST(r + to_years(3 * ((year($d::DATE) - year(r)) // 3)) AS DATE)
                ELSE CAST(r + to_years(3 * ((year($d::DATE) - year(r)) // 3 + 1)) AS DATE) END AS grid_mark
    FROM (SELECT subdistrict_code, registered_on AS r, left_on AS l,
                 COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS e
          FROM volunteers WHERE province_code IN (SELECT province_code FROM scope))
    WHERE r <= $d::DATE AND $d::DATE < e AND (l IS NULL OR l > $d::DATE)
),
counts AS (
    SELECT subdistrict_code, count(*) AS serving,
           count(*) FILTER (WHERE ends) AS ending,
           count(*) FILTER (WHERE ends AND goes_on AND NOT $as_known_on_d) AS recorded,
           count(*) FILTER (WHERE ends AND goes_on) AS renewed
    FROM (SELECT subdistrict_code, least(e, grid_mark) <= $horizon_end::DATE AS ends,
                 e > least(e, grid_mark) AND (l IS NULL OR l > least(e, grid_mark)) AS goes_on
          FROM serving)
    GROUP BY subdistrict_code
),
per_sub AS (
    SELECT s.district_code, s.province_code, s.volunteer_target AS target, COALESCE(c.serving, 0) AS serving,
           COALESCE(c.ending, 0) AS ending, COALESCE(c.recorded, 0) AS recorded, COALESCE(c.renewed, 0) AS renewed
    FROM sub s LEFT JOIN counts c USING (subdistrict_code)
)
SELECT p.province_code, p.district_code, d.name_th, d.name_en,
       count(*) AS subdistricts, count(*) FILTER (WHERE serving > 0) AS covered_subdistricts,
       sum(target)::BIGINT AS seat_target, sum(least(serving, target))::BIGINT AS seats_filled,
       sum(serving)::BIGINT AS serving,
       sum(ending)::BIGINT AS terms_ending,
       sum(least(serving, target) - least(serving - ending, target))::BIGINT AS seats_ending,
       sum(recorded)::BIGINT AS renewals_recorded,
       sum(least(serving - ending + recorded, target) - least(serving - ending, target))::BIGINT
           AS seats_renewed_recorded,
       sum(renewed)::BIGINT AS renewed_actual,
       sum(least(serving, target) - least(serving - ending + renewed, target))::BIGINT AS seats_lost_actual
FROM per_sub p JOIN districts d USING (district_code)
GROUP BY ALL
ORDER BY p.district_code
