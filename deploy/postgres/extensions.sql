-- Cổng TĐKT: the administrative step, run ONCE per database by a PostgreSQL superuser
-- (the application's own role is not one and cannot create extensions):
--
--   psql -v ON_ERROR_STOP=1 -U postgres -d tdkt -f deploy/postgres/extensions.sql
--
-- The migrations then find the extensions in place ("CREATE EXTENSION IF NOT EXISTS" of an
-- existing extension needs no privilege). unaccent and pg_trgm serve the accent-insensitive
-- Vietnamese search (units/postgres.py).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
