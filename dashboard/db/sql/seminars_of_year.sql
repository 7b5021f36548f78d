-- Seminars of fiscal year $fiscal_year held in scope, with attendance against plan and responses.
WITH s AS (
    SELECT *, COALESCE(fiscal_year, year(start_date) + 543 + CASE WHEN month(start_date) >= 10 THEN 1 ELSE 0 END) AS fy
    FROM seminars
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
),
year_seminars AS (SELECT * FROM s WHERE fy = $fiscal_year),
came AS (
    SELECT seminar_id, count(*) AS participants, count(*) FILTER (WHERE role = 'mentor') AS mentors
    FROM attendance WHERE seminar_id IN (SELECT seminar_id FROM year_seminars)
    GROUP BY seminar_id
),
rated AS (
    SELECT seminar_id, count(*) AS responses, avg(overall) AS satisfaction_mean,
           avg(knowledge_after - knowledge_before) AS knowledge_gain,
           100.0 * avg(CASE WHEN knowledge_after > knowledge_before THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE knowledge_after IS NOT NULL AND knowledge_before IS NOT NULL) AS improved_pct
    FROM feedback WHERE seminar_id IN (SELECT seminar_id FROM year_seminars)
    GROUP BY seminar_id
)
SELECT s.seminar_id, s.title, s.kind, s.start_date, s.end_date, s.venue, s.province_code,
       p.name_th AS province_th, p.name_en AS province_en, s.planned_participants,
       COALESCE(c.participants, 0) AS participants, COALESCE(c.mentors, 0) AS mentors,
       COALESCE(r.responses, 0) AS responses, r.satisfaction_mean, r.knowledge_gain, r.improved_pct
FROM year_seminars s JOIN provinces p ON p.province_code = s.province_code
LEFT JOIN came c USING (seminar_id)
LEFT JOIN rated r USING (seminar_id)
ORDER BY s.start_date, s.seminar_id
