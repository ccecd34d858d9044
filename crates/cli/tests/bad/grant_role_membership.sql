CREATE TABLE t (id integer);
GRANT app_admin TO app_reader;
