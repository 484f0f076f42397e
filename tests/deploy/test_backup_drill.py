"""The backup and the restore drill of the production guide, run for real on a PostgreSQL of the test's own.

The test starts its own PostgreSQL cluster (initdb in a scratch folder, a free loopback port, never the
machine's server), fills it with the demo (64 nominations, their photos in an uploads folder), runs
deploy/backup/pg-backup.sh, then deploy/backup/restore-drill.sh: the drill passes; with one photo gone
from the backup it fails and names it.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup"
PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")

pytestmark = [pytest.mark.faults,
              pytest.mark.skipif(not PG_BIN or not shutil.which("pg_dump") or not shutil.which("rsync"),
                                 reason="needs PostgreSQL's server binaries, pg_dump and rsync "
                                        "(Debian: postgresql, rsync)"),
              pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(argv: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: run them as the postgres user then.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@pytest.fixture
def postgres():
    folder = Path(tempfile.mkdtemp(prefix="gangcheng-drill-pg-"))  # not under pytest's root-only folder
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    port = free_port()
    data = folder / "data"
    subprocess.run(as_postgres([f"{PG_BIN}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                                "--no-sync"]), check=True, capture_output=True)
    subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "-D", str(data), "-l", str(folder / "log.txt"), "-w", "start",
                                "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


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
