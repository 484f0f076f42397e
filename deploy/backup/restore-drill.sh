#!/usr/bin/env bash
# The restore drill: restore a dump into a scratch database and check it is whole. Run it after every
# release and at least monthly; a backup never restored is not a backup.
#
#   DRILL_DATABASE_URL=postgresql://postgres@10.0.0.20:5432/gangcheng_restore_drill \
#     deploy/backup/restore-drill.sh [dump]        # default: the newest dump in $BACKUP_DIR/db
#
# It drops and re-creates the scratch database (its name must end in _restore_drill, so a slip never
# drops the real one), restores the dump with pg_restore --exit-on-error, then checks: the schema is at
# a migration (alembic_version), and every uploaded file the restored database names is in the uploads
# copy ($BACKUP_DIR/uploads). It prints the row counts of the main tables and exits 1 on any failure.
# A real restore is the same pg_restore into the production database's name, with the app stopped,
# then `flask --app app likes rebuild` (Redis from the ledger) — see README "Production".
set -euo pipefail

backup_dir=${BACKUP_DIR:-/var/backups/gangcheng}
: "${DRILL_DATABASE_URL:?DRILL_DATABASE_URL is not set (a scratch database named …_restore_drill)}"
drill=${DRILL_DATABASE_URL/postgresql+psycopg:/postgresql:}
name=${drill##*/}
name=${name%%\?*}
case "$name" in
  *_restore_drill) ;;
  *) echo "演练数据库名必须以 _restore_drill 结尾（现在是 $name）" >&2; exit 2 ;;
esac
maintenance=${drill%/*}/postgres
dump=${1:-$(ls -1t "$backup_dir"/db/gangcheng-*.dump 2>/dev/null | head -n 1)}
[ -n "$dump" ] && [ -f "$dump" ] || { echo "找不到备份文件：${dump:-$backup_dir/db/gangcheng-*.dump}" >&2; exit 2; }

started=$(date +%s)
psql --quiet --no-psqlrc --set ON_ERROR_STOP=1 --dbname="$maintenance" \
  --command="DROP DATABASE IF EXISTS \"$name\"" --command="CREATE DATABASE \"$name\""
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$drill" "$dump"

query() { psql --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --dbname="$drill" --command="$1"; }
revision=$(query "SELECT version_num FROM alembic_version")
[ -n "$revision" ] || { echo "恢复后的数据库没有迁移版本（alembic_version 为空）" >&2; exit 1; }
echo "备份 $dump 已恢复到 $name（$(( $(date +%s) - started )) 秒），迁移版本 $revision"
for table in campaign nomination nomination_file like_record user_account; do
  echo "  $table: $(query "SELECT count(*) FROM $table") 行"
done

missing=0
checked=0
if [ -d "$backup_dir/uploads" ]; then
  columns=$(query "SELECT table_name || '.' || column_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND (column_name LIKE '%storage_key' OR column_name = 'thumbnail_key')")
  for column in $columns; do
    table=${column%%.*}
    while IFS= read -r key; do
      [ -n "$key" ] || continue
      checked=$((checked + 1))
      if [ ! -f "$backup_dir/uploads/$key" ]; then
        echo "  缺少文件：$key（$column）" >&2
        missing=$((missing + 1))
      fi
    done < <(query "SELECT ${column#*.} FROM \"$table\" WHERE ${column#*.} IS NOT NULL")
  done
  echo "  上传文件：数据库引用 $checked 个，备份中缺少 $missing 个"
else
  echo "  未找到上传文件备份 $backup_dir/uploads，跳过文件检查" >&2
fi
[ "$missing" -eq 0 ] || exit 1
echo "恢复演练通过"
