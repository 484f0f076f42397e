"""Commands: `flask --app app seed-demo`, `worker` and `serve`."""
from __future__ import annotations

import click
from flask import Flask

from app.models import STAGE_KEYS


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--stage", type=click.Choice(STAGE_KEYS), default=None,
                  help="put the demo campaign in this stage (a manual, audited switch)")
    def seed_demo(stage):
        """Create the 2019 campaign, the city's unions and organizations, and fictional people (idempotent)."""
        from app.services.seed import seed_demo as run

        summary = run(stage=stage)
        click.echo("演示数据已就绪：" + "，".join(f"{k} {v}" for k, v in summary.items()))

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
