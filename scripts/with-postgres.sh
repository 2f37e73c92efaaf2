#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server on loopback:
#   scripts/with-postgres.sh .venv/bin/pytest
# Installs Debian's postgresql when missing (needs root), starts a private cluster on a free
# port, exports DATABASE_URL for the command, and removes the cluster afterwards.
set -euo pipefail

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PORT=${PRAMOEN_PG_PORT:-54329}
DATA=$(mktemp -d /tmp/pramoen-pg.XXXXXX)
chmod 755 "$DATA"

as_pg() {
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$DATA"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
cleanup() { as_pg "$PGBIN/pg_ctl -D $DATA/db -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap cleanup EXIT

as_pg "$PGBIN/initdb -D $DATA/db -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PGBIN/pg_ctl -D $DATA/db -l $DATA/log -w -o '-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/pramoen"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
