-- Participants of the fiscal year's seminars held in scope (or of one seminar), by the province where the seminar
-- was held (province_code) and the province of the person (origin_code: a mentor's or a volunteer's province;
-- staff are counted where the seminar was held). A person the database does not show (unknown, or outside a
-- provincial user's scope) is counted under a NULL origin. The app asks the whole country once per year and sums
-- the origins of the seminars held in each filter's provinces.
WITH s AS (
    SELECT seminar_id, province_code FROM seminars
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND COALESCE(fiscal_year, year(start_date) + 543 + CASE WHEN month(start_date) >= 10 THEN 1 ELSE 0 END)
          = $fiscal_year
      AND ($seminar_id IS NULL OR seminar_id = $seminar_id)
)
SELECT s.province_code,
       CASE WHEN a.role = 'staff' THEN s.province_code ELSE COALESCE(m.province_code, v.province_code) END
           AS origin_code, count(*) AS participants,
       count(*) FILTER (WHERE a.role = 'mentor') AS mentors, count(*) FILTER (WHERE a.role = 'volunteer') AS volunteers
FROM attendance a
JOIN s USING (seminar_id)
LEFT JOIN mentors m ON a.role = 'mentor' AND m.mentor_id = a.person_id
LEFT JOIN volunteers v ON a.role = 'volunteer' AND v.volunteer_id = a.person_id
GROUP BY ALL
ORDER BY province_code, origin_code
