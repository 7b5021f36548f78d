-- Satisfaction and knowledge gain of the feedback in scope, per fiscal year up to $last_fy.
SELECT COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
           AS fiscal_year,
       count(*) AS responses, round(avg(f.overall), 2) AS satisfaction_mean,
       round(100.0 * avg(CASE WHEN f.overall >= 4 THEN 1 ELSE 0 END), 2) AS satisfaction_top2_pct,
       round(avg(f.knowledge_after - f.knowledge_before), 2) AS knowledge_gain,
       round(100.0 * avg(CASE WHEN f.knowledge_after > f.knowledge_before THEN 1.0
                              WHEN f.knowledge_after IS NOT NULL AND f.knowledge_before IS NOT NULL THEN 0.0 END), 2)
           AS improved_pct
FROM feedback f JOIN seminars s USING (seminar_id)
WHERE COALESCE(f.province_code, s.province_code) IN (SELECT unnest($scope::VARCHAR[]))
GROUP BY 1
HAVING fiscal_year <= $last_fy
ORDER BY 1
