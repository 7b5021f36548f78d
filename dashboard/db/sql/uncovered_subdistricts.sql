-- Tambons in scope with no serving volunteer at $d (names of places only).
SELECT s.subdistrict_code, s.name_th, s.name_en, d.name_th AS district_th, d.name_en AS district_en,
       p.name_th AS province_th, p.name_en AS province_en, s.volunteer_target
FROM subdistricts s
JOIN districts d USING (district_code)
JOIN provinces p ON p.province_code = s.province_code
WHERE s.province_code IN (SELECT unnest($scope::VARCHAR[]))
  AND NOT EXISTS (
      SELECT 1 FROM volunteers v
      WHERE v.subdistrict_code = s.subdistrict_code AND v.registered_on <= $d
        AND $d < COALESCE(v.term_ends_on, CAST(v.registered_on + INTERVAL 3 YEAR AS DATE))
        AND (v.left_on IS NULL OR v.left_on > $d))
ORDER BY s.subdistrict_code
