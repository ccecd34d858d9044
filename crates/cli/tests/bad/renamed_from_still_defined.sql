CREATE TABLE old (id int);
CREATE TABLE new (id int); -- @renamed from=old
