CREATE TABLE t (id integer);
GRANT SELECT ON t, missing TO app_reader;
