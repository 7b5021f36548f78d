-- Feedback in scope for fiscal year $fiscal_year (the KPI rule: by the respondent's province, the
-- seminar's when null), optionally for one seminar. No respondent identity beyond role and province.
SELECT f.response_id, f.seminar_id, f.role, COALESCE(f.province_code, s.province_code) AS province_code,
       f.overall, f.content, f.speakers, f.venue_rating, f.applicability, f.knowledge_before, f.knowledge_after,
       f.comment
FROM feedback f JOIN seminars s USING (seminar_id)
WHERE COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
      = $fiscal_year
  AND COALESCE(f.province_code, s.province_code) IN (SELECT unnest($scope::VARCHAR[]))
  AND ($seminar_id IS NULL OR f.seminar_id = $seminar_id)
ORDER BY f.response_id
