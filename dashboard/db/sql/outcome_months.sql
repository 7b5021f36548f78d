-- The activities of the scope's volunteers (an activity belongs to the province of its volunteer) from $start to $d,
-- by province, month and type, with the department of a referral: the Outcomes page's months, types and chain, per
-- province so that a filter sums its provinces' rows of the country's (dashboard/country.py).
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE).
SELECT v.province_code, CAST(date_trunc('month', a.activity_date) AS DATE) AS month, a.activity_type,
       COALESCE(a.referred_to, '') AS referred_to, count(*) AS activities,
       CAST(COALESCE(sum(a.people_reached), 0) AS BIGINT) AS people_reached
FROM activities a JOIN volunteers v
  ON v.volunteer_id = a.volunteer_id AND v.province_code IN (SELECT unnest($scope::VARCHAR[]))
WHERE a.activity_date BETWEEN $start::DATE AND $d::DATE
GROUP BY ALL
ORDER BY province_code, month, activity_type, referred_to
