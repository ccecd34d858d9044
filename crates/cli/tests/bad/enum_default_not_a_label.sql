CREATE TYPE mood AS ENUM ('a','b');
CREATE TABLE t (m mood DEFAULT 'c');
