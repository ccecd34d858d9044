CREATE TABLE t (id int);
\i other.sql
