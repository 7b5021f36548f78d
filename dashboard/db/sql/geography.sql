-- Provinces with their region, for filters and labels.
SELECT p.province_code, p.name_th, p.name_en, p.region_code, r.name_th AS region_th, r.name_en AS region_en
FROM provinces p JOIN regions r USING (region_code)
ORDER BY p.province_code
