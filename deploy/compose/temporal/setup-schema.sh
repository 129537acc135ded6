#!/bin/sh
# Creates Temporal's two databases on the compose PostgreSQL, or upgrades their schemas to this
# admin-tools image's version; safe to run at every `up`.
set -eu
schemas=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  sql="temporal-sql-tool --plugin postgres12 --ep postgresql -p 5432 -u temporal --db $db"
  $sql create || true                              # exists already after the first start
  $sql setup-schema -v 0.0 || true                 # likewise: a no-op on an existing schema
  $sql update-schema -d "$schemas/$dir/versioned"
done
