-- Seminars of fiscal year $fiscal_year held in scope, with attendance against plan and responses.
WITH s AS (
    SELECT *, COALESCE(fiscal_year, year(start_date) + 543 + CASE WHEN month(start_date) >= 10 THEN 1 ELSE 0 END) AS fy
    FROM seminars
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
)
SELECT s.seminar_id, s.title, s.kind, s.start_date, s.end_date, s.venue, s.province_code,
       p.name_th AS province_th, p.name_en AS province_en, s.planned_participants,
       (SELECT count(*) FROM attendance a WHERE a.seminar_id = s.seminar_id) AS participants,
       (SELECT count(*) FROM attendance a WHERE a.seminar_id = s.seminar_id AND a.role = 'mentor') AS mentors,
       (SELECT count(*) FROM feedback f WHERE f.seminar_id = s.seminar_id) AS responses,
       (SELECT avg(overall) FROM feedback f WHERE f.seminar_id = s.seminar_id) AS satisfaction_mean,
       (SELECT avg(knowledge_after - knowledge_before) FROM feedback f WHERE f.seminar_id = s.seminar_id)
           AS knowledge_gain,
       (SELECT 100.0 * avg(CASE WHEN knowledge_after > knowledge_before THEN 1.0 ELSE 0.0 END) FROM feedback f
         WHERE f.seminar_id = s.seminar_id AND knowledge_after IS NOT NULL AND knowledge_before IS NOT NULL)
           AS improved_pct
FROM s JOIN provinces p ON p.province_code = s.province_code
WHERE s.fy = $fiscal_year
ORDER BY s.start_date, s.seminar_id
