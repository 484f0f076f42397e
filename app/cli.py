"""Commands: `flask --app app seed-demo`, `worker` and `serve`."""
from __future__ import annotations

import click
from flask import Flask

from app.models import ROLES, STAGE_KEYS
from bot.cli import bot_group


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--stage", type=click.Choice(STAGE_KEYS), default=None,
                  help="put the demo campaign in this stage (a manual, audited switch)")
    def seed_demo(stage):
        """Create the 2019 campaign, the city's unions and organizations, and fictional people (idempotent)."""
        from flask import current_app

        from app.services.seed.demo import seed_demo as run

        # The demo's texts are our own fictional ones: the word list checks them. WeChat's check (or the
        # emulator, served only while the app runs) is not reachable from a command.
        saved = current_app.config["CONTENT_CHECK"]
        current_app.config["CONTENT_CHECK"] = "local"
        try:
            summary = run(stage=stage)
        finally:
            current_app.config["CONTENT_CHECK"] = saved
        click.echo("演示数据已就绪：" + "，".join(f"{k} {v}" for k, v in summary.items()))

    @app.cli.command("create-user")
    @click.option("--username", required=True, help="login name: 3–40 lower-case letters, digits, _ . -")
    @click.option("--role", required=True, type=click.Choice(ROLES), help="organizer or expert")
    @click.option("--name", "display_name", default=None, help="the name shown in the console")
    def create_user(username, role, display_name):
        """Create a console account; the password comes from CONSOLE_PASSWORD or a hidden prompt."""
        import os

        from app.extensions import db
        from app.services.accounts.console_auth import create_account
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

    app.cli.add_command(likes_group)
    app.cli.add_command(materials_group)
    app.cli.add_command(bot_group)

    @app.cli.command("serve")
    @click.option("--workers", type=int, default=None, help="gunicorn worker processes (default: WEB_WORKERS, 2)")
    def serve(workers):
        """Migrate, seed an empty database, and run web + worker on PORT (embedded Redis when REDIS_URL is unset)."""
        from app.serve import serve_all

        serve_all(workers=workers)


@click.group("likes")
def likes_group():
    """The like ledger: drain the stream, rebuild Redis from the ledger, verify the counts."""


@likes_group.command("drain")
@click.option("--once", is_flag=True, help="drain what is in the stream now, then exit")
def likes_drain(once):
    """Move accepted likes from the Redis stream into the ledger (runs until stopped unless --once)."""
    import signal
    import threading

    from flask import current_app

    from app.services.likes.stream import consumer_name, drain_all
    from app.tasks.likes import run_drain_loop

    if once:
        click.echo(f"已写入点赞流水 {drain_all(consumer_name('cli'))} 条")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_drain_loop(current_app._get_current_object(), stop)


@likes_group.command("rebuild")
def likes_rebuild():
    """Rebuild the Redis counts, today's limits, the likeable/held sets and the disabled accounts."""
    from app.services.accounts import disabled
    from app.services.campaigns.stages import current_campaign
    from app.services.likes.repair import rebuild

    summary = rebuild(current_campaign())
    disabled_count = disabled.rebuild()  # the like path refuses disabled accounts by this set
    click.echo(f"已重建：候选人 {summary['nominees']} 名，有效点赞 {summary['likes']} 个，"
               f"今日点赞用户 {summary['users_today']} 名，已停用账号 {disabled_count} 个")


@likes_group.command("verify")
@click.option("--no-drain", is_flag=True, help="compare without draining the stream first")
def likes_verify(no_drain):
    """Compare the Redis counts with the ledger; exits 1 and lists them when they differ."""
    from app.services.campaigns.stages import current_campaign
    from app.services.likes.repair import verify
    from app.services.likes.stream import consumer_name, drain_all

    if not no_drain:
        drain_all(consumer_name("cli"))
    report = verify(current_campaign())
    click.echo(f"Redis 点赞 {report['likes_redis']} 个，流水有效点赞 {report['likes_ledger']} 个，"
               f"候选人 {report['nominees']} 名，待写入 {report['stream_backlog']} 条")
    for row in report["differences"]:
        click.echo(f"  候选人 {row['nomination_id']}: Redis {row['redis']} ≠ 流水 {row['ledger']}")
    if report["differences"]:
        raise SystemExit(1)
    click.echo("一致")


@likes_group.command("sync")
def likes_sync():
    """Mirror the stage switch, like rules, likeable/held nominees and disabled accounts into Redis."""
    from app.services.accounts import disabled
    from app.services.campaigns.stages import current_campaign
    from app.services.likes.state import sync_campaign

    sync_campaign(current_campaign())
    disabled.rebuild()
    click.echo("点赞状态已同步")


@click.group("materials")
def materials_group():
    """Uploaded materials."""


@materials_group.command("sizes")
def materials_sizes():
    """Make the thumbnail and display size of every public photo that lacks them (uploads before sizes existed)."""
    from app.services.materials.sizes import make_missing

    made, missing = make_missing()
    click.echo(f"已为 {made} 张照片生成缩略图和展示尺寸" + (f"；{missing} 张照片的原文件缺失" if missing else ""))
    if missing:
        raise SystemExit(1)
