-- What the year tables (network_years, outcome_years) were computed from, as one string (their mark in meta): the
-- counts and latest dates of the volunteers, mentors and activities, the seats of the subdistricts, and the
-- settings the KPIs depend on ($threshold, $ending_months). A write that changes any of them without rebuilding the
-- tables (not the importer's way) changes the string, and the KPIs are then read from the tables again.
SELECT concat_ws(' ',
    (SELECT count(*) || '/' || COALESCE(CAST(max(registered_on) AS VARCHAR), '') || '/' || count(left_on) || '/'
            || COALESCE(CAST(max(left_on) AS VARCHAR), '') || '/' || COALESCE(CAST(max(term_ends_on) AS VARCHAR), '')
            || '/' || count(mentor_id)
     FROM volunteers),
    (SELECT count(*) || '/' || COALESCE(CAST(max(started_on) AS VARCHAR), '') || '/' || count(left_on)
     FROM mentors),
    (SELECT count(*) || '/' || COALESCE(CAST(max(activity_date) AS VARCHAR), '') FROM activities),
    (SELECT count(*) || '/' || COALESCE(sum(volunteer_target), 0) FROM subdistricts),
    'threshold=' || $threshold, 'months=' || $ending_months) AS inputs
