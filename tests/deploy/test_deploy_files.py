"""The files of the production guide (deploy/) agree with the app: the commands the systemd units run
exist, the example settings pass production's checks, nginx sends what TRUSTED_PROXIES expects."""
from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
APP_DIR = "/srv/gangcheng/app"  # where the units expect the checkout
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
STRONG_KEY = "Xy7-kP2q_Lm9vR4tZ8wB1nC6dF3gH5jK0sA"


def unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys keep their case
    parser.read_string(path.read_text())
    return parser


def exec_lines(path: Path) -> list[list[str]]:
    # ExecStart may repeat (oneshot): configparser keeps the last, so read the lines themselves.
    return [shlex.split(line.split("=", 1)[1]) for line in path.read_text().splitlines()
            if re.match(r"ExecStart(Pre|Post)?=", line)]


def example_env() -> dict:
    env = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    return env


def production_settings(tmp_path) -> dict:
    return load_settings(str(tmp_path), {**example_env(), "SECRET_KEY": STRONG_KEY})


def test_the_example_settings_pass_the_production_checks(tmp_path):
    assert example_env()["SECRET_KEY"] == ""  # never a usable key in the repository
    settings = production_settings(tmp_path)
    assert settings["APP_ENV"] == "production"
    assert len(settings["REDIS_SENTINELS"]) == 3
    assert settings["LIKES_WAIT_REPLICAS"] == 1
    assert settings["TRUSTED_PROXIES"] == 1


def test_every_example_setting_is_one_the_app_or_the_backup_reads():
    read_elsewhere = {"HOST", "WEB_WORKERS", "ACCESS_LOG", "SECRET_KEY", "DATABASE_URL", "WECHAT_EMULATOR",
                      "BACKUP_DIR", "BACKUP_KEEP_DAYS"}
    sources = "".join(p.read_text() for p in [ROOT / "app" / "config.py", ROOT / "app" / "gunicorn_conf.py",
                                               ROOT / "app" / "serve.py", *(DEPLOY / "backup").glob("*.sh")])
    for name in example_env():
        assert f'"{name}"' in sources or name in read_elsewhere and name in sources, name


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_command_of_this_repository(path):
    parsed = unit(path)
    service = parsed["Service"]
    assert service["WorkingDirectory"] == APP_DIR
    assert service["EnvironmentFile"] == "/etc/gangcheng/env"
    lines = exec_lines(path)
    assert lines
    for argv in lines:
        program = argv[0]
        assert program.startswith(APP_DIR + "/"), argv
        local = ROOT / program[len(APP_DIR) + 1:]
        if program.endswith("/.venv/bin/flask"):
            assert argv[1:3] == ["--app", "app"]
            # The command exists: `flask --app app <command> --help` answers.
            done = subprocess.run([sys.executable, "-m", "flask", *argv[1:], "--help"], cwd=ROOT, capture_output=True,
                                  text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "APP_ENV": "test",
                                                               "SECRET_KEY": "test-secret-key-not-for-production",
                                                               "REDIS_URL": "redis://127.0.0.1:1/0",
                                                               "INSTANCE_PATH": str(ROOT / "instance")})
            assert done.returncode == 0 and "Usage:" in done.stdout, (argv, done.stderr[-2000:])
        elif program.endswith("/.venv/bin/python"):
            assert argv[1:5] == ["-m", "gunicorn", "--config", "app/gunicorn_conf.py"]
            assert (ROOT / "app" / "gunicorn_conf.py").is_file()
            assert argv[-1] == "app:create_app()"
            assert argv[argv.index("--bind") + 1] == "${HOST}:${PORT}"
        else:
            assert local.is_file() and local.stat().st_mode & 0o111, f"{program} is not an executable of the repository"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze (Debian: systemd)")
def test_systemd_finds_nothing_wrong_in_the_units(tmp_path):
    # With the checkout's own paths in place of /srv/gangcheng/app, so that the programs exist here.
    names = []
    for path in sorted((DEPLOY / "systemd").iterdir()):
        name = path.name.replace("@.service", "@1.service")
        (tmp_path / name).write_text(path.read_text().replace(APP_DIR, str(ROOT)))
        names.append(f"./{name}")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


def test_the_backup_timer_starts_the_backup_service():
    timer = unit(DEPLOY / "systemd" / "gangcheng-backup.timer")
    assert (DEPLOY / "systemd" / timer["Timer"]["Unit"]).is_file()
    assert timer["Install"]["WantedBy"] == "timers.target"


@pytest.mark.parametrize("script", sorted((DEPLOY / "backup").glob("*.sh")), ids=lambda p: p.name)
def test_the_backup_scripts_parse(script):
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    if shutil.which("shellcheck"):
        done = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout


def nginx_directives() -> list[list[str]]:
    text = re.sub(r"#.*", "", (DEPLOY / "nginx" / "gangcheng.conf").read_text())
    return [statement.split() for statement in re.split(r"[;{}]", text) if statement.strip()]


def test_nginx_sends_what_the_app_trusts(tmp_path):
    settings = production_settings(tmp_path)
    headers = {d[1].lower(): d[2] for d in nginx_directives() if d[0] == "proxy_set_header"}
    # One trusted proxy: nginx replaces X-Forwarded-For with the peer it saw, never passes a phone's own.
    assert settings["TRUSTED_PROXIES"] == 1 and headers["x-forwarded-for"] == "$remote_addr"
    assert headers["x-forwarded-proto"] == "$scheme"  # ProxyFix x_proto: the console's Secure cookie
    assert headers["x-forwarded-host"] == "$host"
    size = next(d[1] for d in nginx_directives() if d[0] == "client_max_body_size")
    assert int(size.rstrip("m")) * 1024 * 1024 >= settings["MAX_CONTENT_LENGTH"]
    upstream = [d[1] for d in nginx_directives() if d[0] == "server" and len(d) > 1 and ":" in d[1]]
    assert f"127.0.0.1:{settings['PORT']}" in upstream
    assert any(d[:2] == ["server_name", settings["PUBLIC_BASE_URL"].split("//")[1]] for d in nginx_directives())


NGINX = os.environ.get("NGINX") or shutil.which("nginx") or ""  # NGINX: a binary outside PATH (an extracted .deb)


@pytest.mark.skipif(not NGINX, reason="nginx is not installed here (apt-get install nginx, or NGINX=/path/to/nginx)")
def test_the_nginx_configuration_parses(tmp_path):
    from tests.deploy.certificate import write_self_signed

    cert, key = write_self_signed(tmp_path)
    site = (DEPLOY / "nginx" / "gangcheng.conf").read_text()
    site = (site.replace("/etc/ssl/gangcheng/fullchain.pem", str(cert))
            .replace("/etc/ssl/gangcheng/privkey.pem", str(key)))
    (tmp_path / "site.conf").write_text(site)
    temp_paths = " ".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in
                          ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; {temp_paths} include {tmp_path}/site.conf; }}\n")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
