-- Per province in $scope and fiscal year (B.E.) $first_fy..$last_fy: the state at the year's end and what happened
-- in it, from the rows as they are (docs/planning.md, "Reading renewals from one row").
-- A year ends on 30 September, or on $cutoff when that is earlier (`complete` is false then); nothing after
-- $cutoff is counted. A volunteer's terms: registered_on + 3, 6, ... years before term_ends_on are renewals
-- (the row goes on past them), term_ends_on is the last term's end; left_on before term_ends_on is leaving early.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
years AS (
    SELECT fy::INTEGER AS fiscal_year, least(make_date(fy::INTEGER - 543, 9, 30), $cutoff::DATE) AS ends,
           make_date(fy::INTEGER - 543, 9, 30) <= $cutoff::DATE AS complete
    FROM range($first_fy - 1, $last_fy + 1) AS r(fy)
),
sub AS (
    SELECT subdistrict_code, province_code, volunteer_target FROM subdistricts
    WHERE province_code IN (SELECT province_code FROM scope)
),
rows AS (
    SELECT subdistrict_code, province_code, registered_on AS r, left_on AS l,
           COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS e
    FROM volunteers
    WHERE province_code IN (SELECT province_code FROM scope) AND registered_on <= $cutoff::DATE
),
events AS (  -- one row per event: a recruit, a renewal, a lapse, leaving early
    SELECT province_code, r AS day, 'recruit' AS kind FROM rows
    UNION ALL
    SELECT province_code, m, 'renewed' FROM (
        SELECT province_code, l, e, CAST(r + to_years(3 * j) AS DATE) AS m
        FROM (SELECT *, unnest(range(1, (year(e) - year(r)) // 3 + 2)) AS j FROM rows))
    WHERE m < e AND (l IS NULL OR l > m)
    UNION ALL
    SELECT province_code, e, 'lapsed' FROM rows WHERE l IS NULL OR l >= e
    UNION ALL
    SELECT province_code, l, 'left_early' FROM rows WHERE l < e
),
per_year_events AS (
    SELECT province_code, year(day) + 543 + CASE WHEN month(day) >= 10 THEN 1 ELSE 0 END AS fiscal_year,
           count(*) FILTER (WHERE kind = 'recruit') AS recruits,
           count(*) FILTER (WHERE kind = 'renewed') AS renewed,
           count(*) FILTER (WHERE kind = 'lapsed') AS lapsed,
           count(*) FILTER (WHERE kind = 'left_early') AS left_early
    FROM events WHERE day <= $cutoff::DATE
    GROUP BY ALL
),
serving AS (  -- serving volunteers per tambon at each year's end (the contract's rule)
    SELECT y.fiscal_year, v.subdistrict_code, count(*) AS n
    FROM rows v JOIN years y ON v.r <= y.ends AND y.ends < v.e AND (v.l IS NULL OR v.l > y.ends)
    GROUP BY ALL
),
states AS (
    SELECT y.fiscal_year, s.province_code, count(v.subdistrict_code) AS covered_subdistricts,
           count(*) AS subdistricts, sum(s.volunteer_target)::BIGINT AS seat_target,
           sum(least(COALESCE(v.n, 0), s.volunteer_target))::BIGINT AS seats_filled,
           COALESCE(sum(v.n), 0)::BIGINT AS serving
    FROM years y CROSS JOIN sub s LEFT JOIN serving v ON v.fiscal_year = y.fiscal_year AND v.subdistrict_code = s.subdistrict_code
    GROUP BY ALL
),
history AS (
    SELECT st.fiscal_year, y.ends, y.complete, st.province_code, st.subdistricts, st.covered_subdistricts,
           st.seat_target, st.seats_filled, st.serving,
           lag(st.serving) OVER w AS serving_at_start,
           lag(st.covered_subdistricts) OVER w AS covered_at_start,
           COALESCE(e.recruits, 0) AS recruits, COALESCE(e.renewed, 0) + COALESCE(e.lapsed, 0) AS terms_reaching_mark,
           COALESCE(e.renewed, 0) AS renewed, COALESCE(e.lapsed, 0) AS lapsed, COALESCE(e.left_early, 0) AS left_early
    FROM states st JOIN years y USING (fiscal_year)
    LEFT JOIN per_year_events e USING (province_code, fiscal_year)
    WINDOW w AS (PARTITION BY st.province_code ORDER BY st.fiscal_year)
)
SELECT * FROM history WHERE fiscal_year >= $first_fy ORDER BY province_code, fiscal_year
