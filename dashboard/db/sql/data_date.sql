-- The data date: the latest activity in the database (NULL when there are none).
SELECT max(activity_date) AS data_date FROM activities
