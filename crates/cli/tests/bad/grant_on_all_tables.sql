CREATE TABLE t (id integer);
GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader;
