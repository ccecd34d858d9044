CREATE TABLE t (id integer);
GRANT SELECT ON t TO app_reader GRANTED BY app_admin;
