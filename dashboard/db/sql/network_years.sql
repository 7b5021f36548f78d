-- kpis.sql's answer read from network_years (built at import: docs/performance.md): the same columns, one row per
-- period and province of $scope, $d's first; no row for a date it was not built for (the caller then asks kpis.sql).
-- Parameters: $scope (VARCHAR[]), $d (DATE), $previous_d (DATE or NULL).
WITH periods AS (
    SELECT * FROM (VALUES (0, $d::DATE), (1, $previous_d::DATE)) AS p(period, d) WHERE d IS NOT NULL
)
SELECT p.period, n.* EXCLUDE (reference_date)
FROM periods p JOIN network_years n ON n.reference_date = p.d
WHERE n.province_code IN (SELECT unnest($scope::VARCHAR[]))
ORDER BY p.period, n.province_code
