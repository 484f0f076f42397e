"""The backup and the restore drill of the production guide, run for real on a PostgreSQL of the test's own.

The test starts its own PostgreSQL cluster (initdb in a scratch folder, a free loopback port, never the
machine's server), fills it with the demo (64 nominations, their photos in an uploads folder), runs
deploy/backup/pg-backup.sh, then deploy/backup/restore-drill.sh: the drill passes; with one photo gone
from the backup it fails and names it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.processes import PG_BIN, Postgres

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup"

pytestmark = [pytest.mark.faults,
              pytest.mark.skipif(not PG_BIN or not shutil.which("pg_dump") or not shutil.which("rsync"),
                                 reason="needs PostgreSQL's server binaries, pg_dump and rsync "
                                        "(Debian: postgresql, rsync)"),
              pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")]


@pytest.fixture
def postgres():
    server = Postgres(user="postgres", database=None)  # a cluster of its own (tests/faults/processes.py), never the shared one
    server.start()
    try:
        yield f"postgresql://postgres@127.0.0.1:{server.port}"
    finally:
        server.destroy()


@pytest.fixture
def redis_socket(tmp_path):
    """A Redis of the test's own for the app's commands (an embedded one would outlive the command)."""
    import redis

    socket_path = tmp_path / "redis.sock"
    process = subprocess.Popen([shutil.which("redis-server") or "/usr/bin/redis-server", "--port", "0",
                                "--unixsocket", str(socket_path), "--save", "", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert redis.Redis(unix_socket_path=str(socket_path)).ping()
        yield f"unix://{socket_path}"
    finally:
        process.kill()
        process.wait()


def run(argv: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **env},
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_a_backup_restores_whole_and_the_drill_notices_a_missing_file(postgres, redis_socket, tmp_path):
    database = f"{postgres}/gangcheng"
    subprocess.run(["psql", "--no-psqlrc", "--quiet", f"--dbname={postgres}/postgres",
                    "--command=CREATE DATABASE gangcheng"], check=True, capture_output=True)
    app_env = {"APP_ENV": "test", "SECRET_KEY": "test-secret-key-not-for-production", "DATABASE_URL": database,
               "UPLOAD_DIR": str(tmp_path / "uploads"), "INSTANCE_PATH": str(tmp_path / "instance"),
               "CONTENT_CHECK": "local", "REDIS_URL": redis_socket}
    for command in (["db", "upgrade"], ["seed-demo"]):
        done = run([sys.executable, "-m", "flask", "--app", "app", *command], app_env)
        assert done.returncode == 0, done.stderr[-3000:]
    backup_env = {"DATABASE_URL": database.replace("postgresql:", "postgresql+psycopg:"),
                  "UPLOAD_DIR": str(tmp_path / "uploads"), "BACKUP_DIR": str(tmp_path / "backups")}

    backup = run(["bash", str(BACKUP / "pg-backup.sh")], backup_env)
    assert backup.returncode == 0, backup.stderr
    dumps = list((tmp_path / "backups" / "db").glob("gangcheng-*.dump"))
    assert len(dumps) == 1 and "备份完成" in backup.stdout
    assert not list((tmp_path / "backups" / "db").glob(".*partial"))

    drill_env = {**backup_env, "DRILL_DATABASE_URL": f"{postgres}/gangcheng_restore_drill"}
    started = time.monotonic()
    drill = run(["bash", str(BACKUP / "restore-drill.sh")], drill_env)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    print(f"\nrestore drill in {time.monotonic() - started:.1f} s:\n{drill.stdout}")
    assert "恢复演练通过" in drill.stdout
    assert "nomination: 64 行" in drill.stdout
    referenced = int(drill.stdout.split("数据库引用 ")[1].split(" 个")[0])
    assert referenced > 0 and "备份中缺少 0 个" in drill.stdout

    key = subprocess.run(["psql", "--no-psqlrc", "--tuples-only", "--no-align", f"--dbname={database}",
                          "--command=SELECT storage_key FROM nomination_file ORDER BY id LIMIT 1"],
                         check=True, capture_output=True, text=True).stdout.strip()
    (tmp_path / "backups" / "uploads" / key).unlink()  # a photo the database names, gone from the copy
    drill = run(["bash", str(BACKUP / "restore-drill.sh"), str(dumps[0])], drill_env)
    assert drill.returncode == 1
    assert f"缺少文件：{key}（nomination_file.storage_key）" in drill.stderr
    assert "备份中缺少 1 个" in drill.stdout


def test_the_drill_never_drops_a_database_not_named_for_drills(tmp_path):
    done = run(["bash", str(BACKUP / "restore-drill.sh")],
               {"DRILL_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/gangcheng", "BACKUP_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert "_restore_drill" in done.stderr
