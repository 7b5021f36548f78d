-- Rebuilds activity_years from activities (docs/performance.md): per volunteer and fiscal year (B.E.), the totals
-- on the row whose department is NULL, and per department referred to ('' when none was given) a row with those
-- referrals; then notes in meta which activities it was built from (their count and last date), so a reader can
-- tell that it is current. Run by every write that changes activities, in its transaction.
CREATE OR REPLACE TABLE activity_years AS
WITH dated AS (
    SELECT volunteer_id,
           CAST(year(activity_date) + 543 + CASE WHEN month(activity_date) >= 10 THEN 1 ELSE 0 END AS INTEGER)
               AS fiscal_year,
           activity_type, referred_to, people_reached
    FROM activities
)
SELECT volunteer_id, fiscal_year, NULL::VARCHAR AS department, count(*) AS activities,
       COALESCE(sum(people_reached), 0) AS people_reached,
       count(*) FILTER (WHERE activity_type = 'identify') AS identified,
       count(*) FILTER (WHERE activity_type = 'screen') AS screened,
       count(*) FILTER (WHERE activity_type = 'refer') AS referred
FROM dated GROUP BY volunteer_id, fiscal_year
UNION ALL
SELECT volunteer_id, fiscal_year, COALESCE(referred_to, '') AS department, 0, 0, 0, 0, count(*) AS referred
FROM dated WHERE activity_type = 'refer' GROUP BY ALL
ORDER BY fiscal_year, volunteer_id, department NULLS FIRST;
INSERT OR REPLACE INTO meta
SELECT 'activity_years_of', count(*) || ' ' || COALESCE(CAST(max(activity_date) AS VARCHAR), '') FROM activities;
