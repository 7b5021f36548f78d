-- Serving mentors of one province at $d (for rebalancing).
SELECT m.mentor_id
FROM mentors m JOIN provinces p USING (province_code)
WHERE m.province_code = $province_code AND m.started_on <= $d AND (m.left_on IS NULL OR m.left_on > $d)
ORDER BY m.mentor_id
