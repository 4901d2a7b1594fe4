#!/bin/sh
# Taidon sandbox entrypoint contract:
#   PGDATA                      data directory (default /var/lib/postgresql/data), empty or a restored snapshot
#   TAIDON_SUPERUSER_PASSWORD   password of the bootstrap superuser "taidon_admin" (required on first start)
# The server always runs with /etc/taidon/postgresql.conf and /etc/taidon/pg_hba.conf; configuration files inside
# PGDATA are ignored or removed, so a snapshot can never change settings, archive_command, preload libraries or
# pg_hba.conf. New clusters: builtin C.UTF-8 locale provider, UTF8, data checksums (portable between hosts).
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
mkdir -p "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${TAIDON_SUPERUSER_PASSWORD:?TAIDON_SUPERUSER_PASSWORD is required to initialise a sandbox}"
  pwfile="$(mktemp)"
  printf '%s\n' "$TAIDON_SUPERUSER_PASSWORD" > "$pwfile"
  "$PGBIN/initdb" -D "$PGDATA" -U taidon_admin --pwfile="$pwfile" --auth=scram-sha-256 \
    --locale-provider=builtin --builtin-locale=C.UTF-8 --encoding=UTF8 --data-checksums >/dev/null
  rm -f "$pwfile"
fi
unset TAIDON_SUPERUSER_PASSWORD
rm -f "$PGDATA/postgresql.auto.conf" "$PGDATA/postmaster.pid"
exec "$PGBIN/postgres" -D "$PGDATA" -c config_file=/etc/taidon/postgresql.conf "$@"
