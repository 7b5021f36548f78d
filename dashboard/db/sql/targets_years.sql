-- The fiscal years (B.E.) that have imported targets, newest first.
SELECT DISTINCT fiscal_year FROM targets ORDER BY fiscal_year DESC
