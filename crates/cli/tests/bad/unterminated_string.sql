CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE posts (id int, body text DEFAULT 'oops);
