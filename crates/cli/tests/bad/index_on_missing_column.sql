CREATE TABLE t (id int PRIMARY KEY);
CREATE INDEX ON t (missing_col);
