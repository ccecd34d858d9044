CREATE TABLE t (id int);
SELECT format($$CREATE TABLE %I (id int)$$, x) FROM unnest(ARRAY[1]) x
\gexec
