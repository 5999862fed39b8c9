#!/usr/bin/env bash
# `make restore BACKUP=<folder>`: restore a `make backup` folder into DATABASE_URL, which must be
# missing or empty (it is created when missing), and its uploads into MEDIA_ROOT.
#   BACKUP=backups/calaim-20261130T120000Z DATABASE_URL=postgres://.../calaim_restored bash scripts/restore.sh
# A database that already has tables is refused rather than mixed with the backup.
set -euo pipefail
: "${BACKUP:?BACKUP must name a folder written by make backup}"
: "${DATABASE_URL:?DATABASE_URL must name the database to restore into}"
MEDIA_ROOT="${MEDIA_ROOT:-$(pwd)/media}"

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS)

database="${DATABASE_URL##*/}"; database="${database%%\?*}"
server="${DATABASE_URL%/*}"
if ! psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  psql "$server/postgres" -qc "CREATE DATABASE \"$database\""
fi
tables=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "refusing to restore: $database already has $tables tables (restore into a new database)" >&2
  exit 1
fi

pg_restore --dbname="$DATABASE_URL" --no-owner --no-privileges --exit-on-error --single-transaction "$BACKUP/database.dump"
psql "$DATABASE_URL" -qc "ANALYZE"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$BACKUP/media.tar.gz"
echo "restored $BACKUP into $database and $MEDIA_ROOT"
