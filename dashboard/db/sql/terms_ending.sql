-- Seats whose serving volunteer's term ends in ($d, $d + $months months], by tambon and end date.
-- Counts only: no volunteer is named or identified.
SELECT s.subdistrict_code, s.name_th, s.name_en, d.name_th AS district_th, d.name_en AS district_en,
       p.name_th AS province_th, p.name_en AS province_en, t.term_ends_on, count(*) AS seats
FROM (
    SELECT subdistrict_code, COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE)) AS term_ends_on
    FROM volunteers
    WHERE province_code IN (SELECT unnest($scope::VARCHAR[]))
      AND registered_on <= $d AND (left_on IS NULL OR left_on > $d)
) t
JOIN subdistricts s USING (subdistrict_code)
JOIN districts d ON d.district_code = s.district_code
JOIN provinces p ON p.province_code = s.province_code
WHERE $d < t.term_ends_on AND t.term_ends_on <= CAST($d + to_months($months) AS DATE)
GROUP BY ALL
ORDER BY t.term_ends_on, s.subdistrict_code
