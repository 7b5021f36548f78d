-- The tambons of one province with their district names (for naming places in tables).
SELECT s.subdistrict_code, s.name_th, s.name_en, d.name_th AS district_th, d.name_en AS district_en
FROM subdistricts s JOIN districts d USING (district_code)
WHERE s.province_code = $province_code
ORDER BY s.subdistrict_code
