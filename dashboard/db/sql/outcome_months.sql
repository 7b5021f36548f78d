-- The activities of the scope's volunteers (an activity belongs to the province of its volunteer) from $start to $d,
-- by month and type, with the department of a referral: the Outcomes page's months, types and chain.
-- Parameters: $scope (VARCHAR[] of province codes), $start, $d (DATE).
SELECT CAST(date_trunc('month', a.activity_date) AS DATE) AS month, a.activity_type,
       COALESCE(a.referred_to, '') AS referred_to, count(*) AS activities,
       CAST(COALESCE(sum(a.people_reached), 0) AS BIGINT) AS people_reached
FROM activities a SEMI JOIN volunteers v
  ON v.volunteer_id = a.volunteer_id AND v.province_code IN (SELECT unnest($scope::VARCHAR[]))
WHERE a.activity_date BETWEEN $start::DATE AND $d::DATE
GROUP BY ALL
ORDER BY month, activity_type, referred_to
