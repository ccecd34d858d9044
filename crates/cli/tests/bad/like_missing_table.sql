CREATE TABLE t (id integer);
CREATE TABLE u (
    id integer,
    LIKE missing INCLUDING ALL
);
