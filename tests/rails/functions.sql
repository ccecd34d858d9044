-- Made by a rake task outside schema.rb: a column default calls it.
CREATE FUNCTION public.timestamp_id(table_name text) RETURNS bigint
    LANGUAGE sql
    AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint * 1000 + (random() * 999)::int $$;
