-- The feedback in scope per fiscal year up to $last_fy and per province (the respondent's, the seminar's when
-- null): counts and sums that add up over provinces, from which the satisfaction, the top-2 share, the knowledge
-- gain and the share improved are computed (seminars.seminar_trend; the columns named as seminar_kpis.sql's). The
-- app asks the whole country once per year.
SELECT COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
           AS fiscal_year,
       COALESCE(f.province_code, s.province_code) AS province_code,
       count(*) AS feedback_responses, count(f.overall) AS rated, COALESCE(sum(f.overall), 0) AS rating_sum,
       count(*) FILTER (WHERE f.overall >= 4) AS rated_top2,
       count(f.knowledge_after - f.knowledge_before) AS knowledge_paired,
       COALESCE(sum(f.knowledge_after - f.knowledge_before), 0) AS knowledge_gain_sum,
       count(*) FILTER (WHERE f.knowledge_after > f.knowledge_before) AS improved
FROM feedback f JOIN seminars s USING (seminar_id)
WHERE COALESCE(f.province_code, s.province_code) IN (SELECT unnest($scope::VARCHAR[]))
GROUP BY 1, 2
HAVING fiscal_year <= $last_fy
ORDER BY 1, 2
