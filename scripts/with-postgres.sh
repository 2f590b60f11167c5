#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, a Unix socket only (no TCP),
# DATABASE_URL pointing at it, and everything stopped and removed on exit. As root, the server runs as `postgres`.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "PostgreSQL server is missing: apt-get install postgresql" >&2
  exit 1
fi
tmp=$(mktemp -d /tmp/openbilan-pg.XXXXXX)
as_server=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || { echo "user postgres is missing: apt-get install postgresql" >&2; exit 1; }
  chown postgres "$tmp"
  as_server=(runuser -u postgres --)
fi
cleanup() {
  "${as_server[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${as_server[@]}" "$pgbin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_server[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -o \
  "-k $tmp -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"${as_server[@]}" "$pgbin/createdb" -h "$tmp" -U postgres openbilan
export DATABASE_URL="postgres://postgres@/openbilan?host=$tmp"
echo "Throwaway PostgreSQL ($("$pgbin/postgres" --version)) on socket $tmp"
"$@"
