-- outcome_kpis_by_year.sql's answer read from outcome_years (built at import: docs/performance.md): the same
-- columns, one row per period and province of $scope that has any ($fiscal_year's first). The caller reads it only
-- for years it was built for at these dates. Parameters: $scope (VARCHAR[]), $fiscal_year, $previous_fiscal_year
-- (INTEGER, B.E.; NULL: one period), $d, $previous_d (DATE).
WITH periods AS (
    SELECT * FROM (VALUES (0, $fiscal_year::INTEGER, $d::DATE), (1, $previous_fiscal_year::INTEGER, $previous_d::DATE))
        AS p(period, fiscal_year, d)
    WHERE fiscal_year IS NOT NULL
)
SELECT p.period, o.* EXCLUDE (fiscal_year, reference_date)
FROM periods p JOIN outcome_years o ON o.fiscal_year = p.fiscal_year AND o.reference_date = p.d
WHERE o.province_code IN (SELECT unnest($scope::VARCHAR[]))
ORDER BY p.period, o.province_code
