"""`flask bot menu` and `flask bot qrcode` against the emulator."""
from __future__ import annotations

import json
from pathlib import Path

from app.redis_store import get_redis
from app.wechat import get_wechat


def test_menu_is_created_from_the_repository_file(ctx, runner):
    result = runner.invoke(args=["bot", "menu"])
    assert result.exit_code == 0, result.output
    assert "菜单已创建：港城工匠、参与、结果" in result.output
    menu = get_wechat().mp.menu.get()["menu"]
    configured = json.loads((Path(__file__).parents[2] / "bot" / "menu.json").read_text(encoding="utf-8"))
    assert [b["name"] for b in menu["button"]] == [b["name"] for b in configured["button"]]
    mini = [s for b in menu["button"] for s in b["sub_button"] if s["type"] == "miniprogram"]
    assert mini and all(s["appid"] == ctx.config["WECHAT_MINI_APPID"] for s in mini)
    keys = {s["key"] for b in menu["button"] for s in b["sub_button"] if s["type"] == "click"}
    assert keys == {"文章", "通知", "排行", "进度", "公示", "帮助"}  # each key is a command the bot knows


def test_a_menu_file_wechat_would_refuse_is_refused_here(ctx, runner, tmp_path):
    bad = tmp_path / "menu.json"
    bad.write_text(json.dumps({"button": [{"name": str(i), "type": "click", "key": "帮助"} for i in range(4)]}))
    result = runner.invoke(args=["bot", "menu", "--file", str(bad)])
    assert result.exit_code != 0 and "1-3 个一级菜单" in result.output


def test_qrcode_temporary_and_permanent(ctx, runner):
    result = runner.invoke(args=["bot", "qrcode", "nominee:12", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert "二维码已创建（7 天）" in result.output and "showqrcode?ticket=" in result.output
    ticket = next(line.split(": ", 1)[1] for line in result.output.splitlines() if line.startswith("ticket: "))
    stored = json.loads(get_redis().get(f"wxemu:qrcode:{ticket}"))
    assert stored["scene"] == "nominee:12" and stored["action_name"] == "QR_STR_SCENE"
    assert 7 * 86400 - 10 < get_redis().ttl(f"wxemu:qrcode:{ticket}") <= 7 * 86400

    permanent = runner.invoke(args=["bot", "qrcode", "endorse:abc", "--permanent"])
    assert permanent.exit_code == 0 and "（永久）" in permanent.output


def test_qrcode_limits(ctx, runner):
    assert "1-30 天" in runner.invoke(args=["bot", "qrcode", "nominee:1", "--days", "31"]).output
    assert "1-64 个字符" in runner.invoke(args=["bot", "qrcode", "x" * 65]).output
    both = runner.invoke(args=["bot", "qrcode", "nominee:1", "--days", "3", "--permanent"])
    assert both.exit_code != 0 and "cannot be used together" in both.output
