#!/usr/bin/env bash
# Restore an archive made by scripts/backup.sh (pg_dump --format=custom) into a PostgreSQL database.
#
#   scripts/restore.sh [--clean] FILE [TARGET_URL]        TARGET_URL defaults to DATABASE_URL
#
# Without --clean the target must be empty (no table in the schema public): restore into a fresh database
# (createdb), check it, then point the application at it. --clean replaces the contents of an existing database.
# The restore runs in one transaction: it succeeds entirely or leaves the target as it was. Afterwards, the code's
# migrations must all be applied to the restored data (manage.py migrate --check), or the script fails.
set -euo pipefail
clean=()
if [ "${1:-}" = "--clean" ]; then
  clean=(--clean --if-exists)
  shift
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/restore.sh [--clean] FILE [TARGET_URL]" >&2
  exit 2
fi
file=$1
target=${2:-${DATABASE_URL:-}}
case "$target" in
  postgres://* | postgresql://*) ;;
  *)
    echo "restore.sh: the target must be a PostgreSQL database URL (postgres://...)." >&2
    exit 2
    ;;
esac
[ -r "$file" ] || { echo "restore.sh: cannot read $file" >&2; exit 2; }
command -v pg_restore >/dev/null || { echo "restore.sh: pg_restore is missing: apt-get install postgresql-client" >&2; exit 1; }
pg_restore --list "$file" >/dev/null
if [ ${#clean[@]} -eq 0 ]; then
  tables=$(psql "$target" --no-psqlrc --tuples-only --no-align --quiet \
    --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  if [ "$tables" != "0" ]; then
    echo "restore.sh: the target database is not empty ($tables tables): restore into a fresh database," >&2
    echo "or pass --clean to replace its contents." >&2
    exit 3
  fi
fi
pg_restore --single-transaction --exit-on-error --no-owner --no-privileges "${clean[@]}" --dbname="$target" "$file"
cd "$(dirname "$0")/.."
DATABASE_URL="$target" "${PYTHON:-.venv/bin/python}" manage.py migrate --check >/dev/null || {
  echo "restore.sh: restored, but this code has migrations the archive lacks: run manage.py migrate." >&2
  exit 4
}
echo "restored $file into the target database; every migration is applied"
