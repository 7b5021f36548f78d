-- Serving volunteers in scope at $d per province, and how many have no serving mentor.
SELECT v.province_code, count(*) AS serving_volunteers,
       count(*) FILTER (WHERE v.mentor_id IS NULL) AS without_mentor,
       count(*) FILTER (WHERE v.mentor_id IS NOT NULL AND m.mentor_id IS NULL) AS mentor_not_serving
FROM volunteers v
LEFT JOIN mentors m ON m.mentor_id = v.mentor_id AND m.started_on <= $d AND (m.left_on IS NULL OR m.left_on > $d)
WHERE v.province_code IN (SELECT unnest($scope::VARCHAR[]))
  AND v.registered_on <= $d AND $d < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
  AND (v.left_on IS NULL OR v.left_on > $d)
GROUP BY v.province_code
ORDER BY v.province_code
