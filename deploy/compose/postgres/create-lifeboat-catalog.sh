#!/bin/sh
# Run once by the postgres image on an empty data directory: the database and user of Lifeboat's
# catalog, beside Temporal's (the catalog's tables are created by Lifeboat itself at start-up).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v password="$CATALOG_PASSWORD" <<'SQL'
CREATE ROLE lifeboat LOGIN PASSWORD :'password';
CREATE DATABASE lifeboat OWNER lifeboat;
SQL
