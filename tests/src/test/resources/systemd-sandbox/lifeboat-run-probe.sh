#!/bin/sh
# In place of bin/lifeboat in SystemdSandboxTest: what a worker does, tried inside the unit's
# sandbox: a JVM (SandboxProbe.java), and PostgreSQL's initdb, server, psql, pg_dump, pg_restore.
exec > /var/lib/lifeboat/report.txt 2>&1
echo "args: $*"
id
grep -E '^(NoNewPrivs|CapBnd|CapEff|Seccomp):' /proc/self/status
"$JAVA_HOME/bin/java" /opt/lifeboat/SandboxProbe.java || echo "JAVA PROBE EXIT $?"
bin=/usr/lib/postgresql/15/bin
d=$(mktemp -d)
port=$(( 20000 + $$ % 20000 ))
$bin/initdb -D "$d/data" -U lifeboat --auth=trust -E UTF8 --locale=C >/dev/null && echo "INITDB OK"
$bin/pg_ctl -D "$d/data" -o "-c unix_socket_directories=$d -c listen_addresses=127.0.0.1 -c port=$port" \
  -w -l "$d/log" start >/dev/null && echo "POSTGRES STARTED"
psql -h 127.0.0.1 -p $port -U lifeboat -d postgres -Atc "create table t as select generate_series(1, 1000) x" \
  && echo "PSQL OVER TCP OK"
pg_dump -h "$d" -p $port -U lifeboat -Fc -d postgres -f "$d/dump" && echo "PG_DUMP OVER A UNIX SOCKET OK"
createdb -h "$d" -p $port -U lifeboat restored \
  && pg_restore -h 127.0.0.1 -p $port -U lifeboat -d restored "$d/dump" \
  && [ "$(psql -h "$d" -p $port -U lifeboat -d restored -Atc 'select count(*) from t')" = 1000 ] \
  && echo "PG_RESTORE OK"
$bin/pg_ctl -D "$d/data" -m fast -w stop >/dev/null && echo "POSTGRES STOPPED"
tail -n 5 "$d/log"
echo "PROBE DONE"
