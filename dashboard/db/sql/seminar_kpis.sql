-- The seminar KPIs of the data contract for one scope in fiscal year $fiscal_year and, unless
-- $previous_fiscal_year is NULL, in that year too: one row per year, $fiscal_year's first.
-- Feedback counts by the respondent's province, the seminar's when the respondent has none.
WITH
scope AS (SELECT unnest($scope::VARCHAR[]) AS province_code),
periods AS (
    SELECT * FROM (VALUES (0, $fiscal_year::INTEGER), (1, $previous_fiscal_year::INTEGER)) AS p(period, fiscal_year)
    WHERE fiscal_year IS NOT NULL
),
seminars_in_scope AS (
    SELECT p.period, s.seminar_id
    FROM seminars s JOIN periods p
      ON COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
         = p.fiscal_year
    WHERE s.province_code IN (SELECT province_code FROM scope)
),
feedback_in_scope AS (
    SELECT p.period, f.*
    FROM feedback f JOIN seminars s USING (seminar_id)
    JOIN periods p
      ON COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
         = p.fiscal_year
    WHERE COALESCE(f.province_code, s.province_code) IN (SELECT province_code FROM scope)
),
seminar_counts AS (SELECT period, count(*) AS seminars FROM seminars_in_scope GROUP BY period),
attendance_counts AS (
    SELECT s.period, count(*) AS attendance
    FROM attendance a JOIN seminars_in_scope s USING (seminar_id) GROUP BY s.period
),
feedback_counts AS (
    SELECT period, count(*) AS feedback_responses, avg(overall) AS satisfaction_mean,
           100.0 * avg(CASE WHEN overall >= 4 THEN 1 ELSE 0 END) AS satisfaction_top2_pct,
           avg(knowledge_after - knowledge_before) AS knowledge_gain
    FROM feedback_in_scope GROUP BY period
)
SELECT
    p.period,
    COALESCE(s.seminars, 0) AS seminars,
    COALESCE(a.attendance, 0) AS attendance,
    COALESCE(f.feedback_responses, 0) AS feedback_responses,
    f.satisfaction_mean,
    f.satisfaction_top2_pct,
    f.knowledge_gain
FROM periods p
LEFT JOIN seminar_counts s USING (period)
LEFT JOIN attendance_counts a USING (period)
LEFT JOIN feedback_counts f USING (period)
ORDER BY p.period
