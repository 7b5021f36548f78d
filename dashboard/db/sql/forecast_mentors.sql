-- Serving mentors per province in $scope at $d (every province in scope, 0 when none).
SELECT p.province_code, count(m.mentor_id) AS mentors
FROM provinces p
LEFT JOIN mentors m ON m.province_code = p.province_code AND m.started_on <= $d::DATE
                   AND (m.left_on IS NULL OR m.left_on > $d::DATE)
WHERE p.province_code IN (SELECT unnest($scope::VARCHAR[]))
GROUP BY p.province_code
ORDER BY p.province_code
