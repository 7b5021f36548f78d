-- The targets imported for fiscal year $fiscal_year (B.E.): the country's ('country') and those of the provinces in
-- $scope (VARCHAR[] of province codes). A signed-in province's database holds only its own (scope_views.py).
SELECT scope, measure, value
FROM targets
WHERE fiscal_year = $fiscal_year::INTEGER
  AND (scope = 'country' OR list_contains($scope::VARCHAR[], scope))
ORDER BY scope, measure
