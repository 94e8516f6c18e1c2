#!/bin/sh
# First start of the postgres container (docker-entrypoint-initdb.d, as the superuser):
# the portal's ordinary role and database, the extensions, the schema grant.
set -eu
: "${TDKT_DB_NAME:=tdkt}"
: "${TDKT_DB_USER:=tdkt}"
: "${TDKT_DB_PASSWORD:?set TDKT_DB_PASSWORD}"
: "${TDKT_DEPLOY_DIR:=/tdkt-deploy}"
run() { psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password "$@"; }
run --dbname postgres -v app_role="$TDKT_DB_USER" -v app_password="$TDKT_DB_PASSWORD" \
    -v app_db="$TDKT_DB_NAME" -f "$TDKT_DEPLOY_DIR/app-role.sql"
run --dbname "$TDKT_DB_NAME" -f "$TDKT_DEPLOY_DIR/extensions.sql"
run --dbname "$TDKT_DB_NAME" -v app_role="$TDKT_DB_USER" -f "$TDKT_DEPLOY_DIR/app-schema.sql"
