CREATE TABLE t (id int);
COMMENT ON CONSTRAINT v_ok ON IS 'no blanks';
