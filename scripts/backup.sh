#!/usr/bin/env bash
# Back up the OpenBilan database named by DATABASE_URL (PostgreSQL) with pg_dump --format=custom.
#
#   scripts/backup.sh [FILE]        default FILE: var/backups/openbilan-<UTC date and time>.dump
#
# The archive is written next to FILE first, checked (pg_restore --list reads it through), then renamed: a FILE that
# exists is always complete. It is readable by its owner only: it holds personal data (docs/OPERATIONS.md says how to
# encrypt it and ship it off the machine). Prints the path of the archive.
set -euo pipefail
url=${DATABASE_URL:-}
case "$url" in
  postgres://* | postgresql://*) ;;
  *)
    echo "backup.sh: DATABASE_URL must name a PostgreSQL database (postgres://...)." >&2
    exit 2
    ;;
esac
command -v pg_dump >/dev/null || { echo "backup.sh: pg_dump is missing: apt-get install postgresql-client" >&2; exit 1; }
out=${1:-var/backups/openbilan-$(date -u +%Y%m%d-%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
umask 077
partial="$out.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" --dbname="$url"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$out"
trap - EXIT
echo "$out"
