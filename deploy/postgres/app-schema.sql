-- Cổng TĐKT: inside the application's database, run by a superuser after extensions.sql.
-- The app role may create its tables, sequences and functions in the public schema.
GRANT USAGE, CREATE ON SCHEMA public TO :"app_role";
