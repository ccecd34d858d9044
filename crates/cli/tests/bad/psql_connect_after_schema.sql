CREATE TABLE a (x int);
\connect other
CREATE TABLE b (y int);
