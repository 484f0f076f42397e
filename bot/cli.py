"""`flask --app app bot menu` and `flask --app app bot qrcode <scene> [--days N | --permanent]`."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from app.services.errors import DomainError
from app.services.followers import messages

MENU_FILE = Path(__file__).with_name("menu.json")


@click.group("bot")
def bot_group():
    """The official account: its menu and parametric QR codes."""


def _menu_with_settings(menu: dict) -> dict:
    # The mini-program's appid comes from the settings, so one file serves every environment.
    text = json.dumps(menu, ensure_ascii=False).replace("{WECHAT_MINI_APPID}", current_app.config["WECHAT_MINI_APPID"])
    return json.loads(text)


@bot_group.command("menu")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), default=str(MENU_FILE),
              show_default=True, help="the menu configuration (WeChat's JSON shape)")
def menu(path):
    """Create the official account's menu from the configuration file."""
    try:
        loaded = _menu_with_settings(messages.load_menu(path))
        messages.create_menu(loaded)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    names = "、".join(b["name"] for b in loaded["button"])
    click.echo(f"菜单已创建：{names}")


@bot_group.command("qrcode")
@click.argument("scene")
@click.option("--days", type=int, default=None, help="a temporary code valid this many days (1–30, default 30)")
@click.option("--permanent", is_flag=True, help="a permanent code (the account has at most 100,000)")
def qrcode(scene, days, permanent):
    """Create a parametric QR code for SCENE (scene_str, 1–64 characters, e.g. nominee:12)."""
    if permanent and days is not None:
        raise click.UsageError("--days and --permanent cannot be used together")
    try:
        answer = messages.create_qrcode(scene, days=days, permanent=permanent)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    lifetime = "永久" if permanent else f"{answer.get('expire_seconds', 0) // 86400} 天"
    click.echo(f"二维码已创建（{lifetime}）：{answer['picture_url']}")
    click.echo(f"ticket: {answer['ticket']}")
    click.echo(f"url: {answer['url']}")
