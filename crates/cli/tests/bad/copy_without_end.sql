CREATE TABLE t (id int);
COPY t (id) FROM stdin;
1
2
