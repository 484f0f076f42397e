"""Commands: `flask --app app seed-demo`, `worker` and `serve`."""
from __future__ import annotations

import click
from flask import Flask

from app.models import ROLES, STAGE_KEYS


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--stage", type=click.Choice(STAGE_KEYS), default=None,
                  help="put the demo campaign in this stage (a manual, audited switch)")
    def seed_demo(stage):
        """Create the 2019 campaign, the city's unions and organizations, and fictional people (idempotent)."""
        from app.services.seed import seed_demo as run

        summary = run(stage=stage)
        click.echo("演示数据已就绪：" + "，".join(f"{k} {v}" for k, v in summary.items()))

    @app.cli.command("create-user")
    @click.option("--username", required=True, help="login name: 3–40 lower-case letters, digits, _ . -")
    @click.option("--role", required=True, type=click.Choice(ROLES), help="organizer or expert")
    @click.option("--name", "display_name", default=None, help="the name shown in the console")
    def create_user(username, role, display_name):
        """Create a console account; the password comes from CONSOLE_PASSWORD or a hidden prompt."""
        import os

        from app.extensions import db
        from app.services.console_auth import create_account
        from app.services.errors import DomainError

        password = os.environ.get("CONSOLE_PASSWORD") or click.prompt("密码", hide_input=True,
                                                                     confirmation_prompt="再次输入密码")
        try:
            user = create_account(username, password, role, display_name, actor_label="cli")
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            fields = "；".join(f"{k}：{v}" for k, v in (exc.details.get("fields") or {}).items())
            raise click.ClickException(exc.message + (f"（{fields}）" if fields else "")) from None
        click.echo(f"已创建账号 {user.username}（{role}），可在 /console/login 登录")

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="deliver what is queued, then exit")
    def worker(burst):
        """Run the background worker (notifications, and later broadcasts and like persistence)."""
        from app.tasks import run_worker

        run_worker(burst=burst)

    @app.cli.command("serve")
    @click.option("--workers", default=2, show_default=True, help="gunicorn worker processes")
    def serve(workers):
        """Migrate, seed an empty database, and run web + worker on PORT (embedded Redis when REDIS_URL is unset)."""
        from app.serve import serve_all

        serve_all(workers=workers)
