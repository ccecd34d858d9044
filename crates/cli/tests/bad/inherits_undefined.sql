CREATE TABLE events (id bigint);

CREATE TABLE clicks (target text)
    INHERITS (evnts);
