CREATE TABLE t (a numeric(5,1001));
