-- Cổng TĐKT: the application's ordinary role and its database, run by a PostgreSQL
-- superuser on the "postgres" database (the compose file's postgres container does it on
-- its first start: deploy/postgres/initdb/10-tdkt.sh). Variables:
--   app_role, app_password, app_db
--
--   psql -v ON_ERROR_STOP=1 -U postgres -d postgres -v app_role=tdkt \
--        -v app_password=... -v app_db=tdkt -f deploy/postgres/app-role.sql
--   psql -v ON_ERROR_STOP=1 -U postgres -d tdkt -v app_role=tdkt \
--        -f deploy/postgres/app-schema.sql
--
-- The role logs in and owns the tables it creates; it is no superuser, creates no database
-- or role, and has no CREATE right on the database (so no extension, no new schema).
CREATE ROLE :"app_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';
CREATE DATABASE :"app_db" OWNER postgres ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"app_db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"app_db" TO :"app_role";
