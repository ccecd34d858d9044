CREATE TABLE t (id int PRIMARY KEY, m mood);
