CREATE TABLE t (a int, b int);
CREATE STATISTICS s ON a, c FROM t;
