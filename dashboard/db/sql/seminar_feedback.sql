-- Feedback in scope for fiscal year $fiscal_year (the KPI rule: by the respondent's province, the
-- seminar's when null), or of one seminar held in scope: all of its feedback, whoever answered, as its row in
-- seminars_of_year and its participation count its whole audience (docs/access.md). No respondent identity
-- beyond role and province.
SELECT f.response_id, f.seminar_id, f.role, COALESCE(f.province_code, s.province_code) AS province_code,
       f.overall, f.content, f.speakers, f.venue_rating, f.applicability, f.knowledge_before, f.knowledge_after,
       f.comment
FROM feedback f JOIN seminars s USING (seminar_id)
WHERE COALESCE(s.fiscal_year, year(s.start_date) + 543 + CASE WHEN month(s.start_date) >= 10 THEN 1 ELSE 0 END)
      = $fiscal_year
  AND CASE WHEN $seminar_id IS NULL
           THEN COALESCE(f.province_code, s.province_code) IN (SELECT unnest($scope::VARCHAR[]))
           ELSE f.seminar_id = $seminar_id AND s.province_code IN (SELECT unnest($scope::VARCHAR[])) END
ORDER BY f.response_id
