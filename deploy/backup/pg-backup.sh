#!/usr/bin/env bash
# One backup of 港城工匠: a pg_dump of the database (custom format, read back before it is kept), then a copy
# of the uploads folder, then old dumps pruned. Run by gangcheng-backup.timer (deploy/systemd) with the
# settings of /etc/gangcheng/env: DATABASE_URL, UPLOAD_DIR, BACKUP_DIR, BACKUP_KEEP_DAYS.
#
# The dump comes first: every file the dump names was uploaded before it and is in the copy that follows
# (files uploaded meanwhile are extra, never missing). Upload keys are never reused, so copying the new
# files is enough; a deleted upload stays in the copy. Keep BACKUP_DIR on another disk, and copy it off
# the machine (restic, rsync to another host). Put the password in ~/.pgpass, not in DATABASE_URL.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
backup_dir=${BACKUP_DIR:-/var/backups/gangcheng}
keep_days=${BACKUP_KEEP_DAYS:-14}
url=${DATABASE_URL/postgresql+psycopg:/postgresql:}   # SQLAlchemy's spelling → libpq's
stamp=$(date -u +%Y%m%dT%H%M%SZ)

mkdir -p "$backup_dir/db"
partial="$backup_dir/db/.gangcheng-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$url" --file="$partial"
pg_restore --list "$partial" > /dev/null   # the archive reads back whole
mv "$partial" "$backup_dir/db/gangcheng-$stamp.dump"

if [ -n "${UPLOAD_DIR:-}" ] && [ -d "$UPLOAD_DIR" ]; then
  mkdir -p "$backup_dir/uploads"
  rsync -a "$UPLOAD_DIR/" "$backup_dir/uploads/"
fi

find "$backup_dir/db" -name 'gangcheng-*.dump' -mtime +"$keep_days" -delete
echo "备份完成：$backup_dir/db/gangcheng-$stamp.dump"
