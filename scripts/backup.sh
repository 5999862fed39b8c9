#!/usr/bin/env bash
# `make backup`: the database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) into
# a new timestamped folder under BACKUP_ROOT (default ./backups), with checksums.
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/calaim/media BACKUP_ROOT=/backups bash scripts/backup.sh
# Prints the folder; `make restore BACKUP=<folder>` (scripts/restore.sh) brings it back.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
MEDIA_ROOT="${MEDIA_ROOT:-$(pwd)/media}"
BACKUP_ROOT="${BACKUP_ROOT:-$(pwd)/backups}"

folder="$BACKUP_ROOT/calaim-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_ROOT"
mkdir -m 700 "$folder"   # fails if this second's folder exists: never overwrite a backup
umask 077                # backups hold PHI: readable by the owner only

pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges --file="$folder/database.dump"
if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$folder/media.tar.gz" .
else
  tar -czf "$folder/media.tar.gz" -T /dev/null
fi
(cd "$folder" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$folder"
