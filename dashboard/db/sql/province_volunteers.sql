-- Serving volunteers of one province at $d with their tambon, district and mentor (for rebalancing).
SELECT volunteer_id, subdistrict_code, district_code, mentor_id
FROM volunteers
WHERE province_code = $province_code
  AND registered_on <= $d AND $d < COALESCE(term_ends_on, CAST(registered_on + INTERVAL 3 YEAR AS DATE))
  AND (left_on IS NULL OR left_on > $d)
ORDER BY volunteer_id
