-- The seminar KPIs of the data contract for one scope in fiscal year $fiscal_year and, unless
-- $previous_fiscal_year is NULL, in that year too: one row per year and province of the scope, $fiscal_year's
-- first. Every column adds up over provinces (a mean is its sum over its count), so a caller sums the rows of the
-- provinces it wants: the app asks for the whole country once per year and sums each filter's (kpis.py).
-- Seminars and attendance count by the seminar's province; feedback by the respondent's province, the seminar's
-- when the respondent has none.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $fiscal_year::INTEGER), (1, $previous_fiscal_year::INTEGER)) AS p(period, fiscal_year)
    WHERE fiscal_year IS NOT NULL
),
seminars_of_periods AS (
    SELECT p.period, s.seminar_id, s.province_code
    FROM seminars s JOIN periods p
      ON COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
         = p.fiscal_year
),
seminar_counts AS (
    SELECT period, province_code, count(*) AS seminars FROM seminars_of_periods GROUP BY period, province_code
),
attendance_counts AS (
    SELECT s.period, s.province_code, count(*) AS attendance
    FROM attendance a JOIN seminars_of_periods s USING (seminar_id) GROUP BY s.period, s.province_code
),
feedback_counts AS (
    SELECT s.period, COALESCE(f.province_code, s.province_code) AS province_code, count(*) AS feedback_responses,
           count(f.overall) AS rated, sum(f.overall) AS rating_sum,
           count(*) FILTER (WHERE f.overall >= 4) AS rated_top2,
           count(f.knowledge_after - f.knowledge_before) AS knowledge_paired,
           sum(f.knowledge_after - f.knowledge_before) AS knowledge_gain_sum
    FROM feedback f JOIN seminars_of_periods s USING (seminar_id)
    GROUP BY s.period, COALESCE(f.province_code, s.province_code)
)
SELECT
    p.period,
    scope.province_code,
    COALESCE(s.seminars, 0) AS seminars,
    COALESCE(a.attendance, 0) AS attendance,
    COALESCE(f.feedback_responses, 0) AS feedback_responses,
    COALESCE(f.rated, 0) AS rated,
    COALESCE(f.rating_sum, 0) AS rating_sum,
    COALESCE(f.rated_top2, 0) AS rated_top2,
    COALESCE(f.knowledge_paired, 0) AS knowledge_paired,
    COALESCE(f.knowledge_gain_sum, 0) AS knowledge_gain_sum
FROM periods p CROSS JOIN scope
LEFT JOIN seminar_counts s ON s.period = p.period AND s.province_code = scope.province_code
LEFT JOIN attendance_counts a ON a.period = p.period AND a.province_code = scope.province_code
LEFT JOIN feedback_counts f ON f.period = p.period AND f.province_code = scope.province_code
ORDER BY p.period, scope.province_code
