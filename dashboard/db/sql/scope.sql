-- The province codes in scope: a region and/or a list of provinces (empty list = no province filter).
SELECT province_code
FROM provinces
WHERE ($region_code IS NULL OR region_code = $region_code)
  AND (len($province_codes) = 0 OR list_contains($province_codes, province_code))
ORDER BY province_code
