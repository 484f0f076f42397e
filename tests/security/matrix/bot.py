"""The official account's text commands and the WeChat emulator's routes, against the same roles."""
from __future__ import annotations

from dataclasses import dataclass

from tests.security.matrix.shapes import OBJECTOR_MOBILE, SECRET_MOBILE, See, roles

# --- the bot's text commands (the official account), one row per command ----------------------------------------
# Every role writes as their own follower (mp-<role>), known by unionid as the same person; `anonymous` is a
# follower nobody knows yet. The campaign is in evaluation: likes and leads are closed for everyone, and a
# disabled account is refused whatever it asks that acts or reads its own data.
@dataclass
class BotRow:
    text: str
    expect: dict
    note: str = ""


DISABLED = See(200, shows=("该账号已停用",))
NOMINEE_NAME, LEAD_NAME = "钱建国", "赵师傅"  # F's name (form(1)); a lead of someone else
BOT_ROWS: list[BotRow] = [
    BotRow("帮助", roles(See(200, shows=("您可以发送",)))),
    BotRow(f"搜索 {NOMINEE_NAME}", roles(See(200, shows=(NOMINEE_NAME,), hides=(SECRET_MOBILE,)))),
    BotRow("点赞 {f}", roles(See(200, shows=("点赞",)), disabled=DISABLED), note="closed in evaluation: a refusal"),
    BotRow("推荐 张三 连云港港口集团 港口机械维修 扎根一线二十年，带徒十二名",
           roles(See(200, hides=("线索已收到",)), disabled=DISABLED), note="closed in evaluation"),
    BotRow("进度", roles(See(200, hides=(NOMINEE_NAME, LEAD_NAME)), nominee=See(200, shows=(NOMINEE_NAME,)),
                       rep_own=See(200, shows=(NOMINEE_NAME,)), disabled=DISABLED),
           note="only one's own: the nominee's, and what a current representative filed (not once revoked)"),
    BotRow("排行", roles(See(200, hides=(SECRET_MOBILE,)))),
    BotRow("文章", roles(See(200, shows=("推介文章",)))),
    BotRow("公示", roles(See(200, shows=("尚未公示",), hides=(OBJECTOR_MOBILE,)))),
    BotRow("通知", roles(See(200, shows=("暂无通知",)))),
    BotRow("随便说说", roles(See(200, shows=("没有看懂",))), note="anything else: the help"),
]

# --- the WeChat emulator (mounted at /_wechat-emulator in development and tests; never in production) -----------
# Roles do not exist there: WeChat's API paths answer anyone as WeChat would (an access token decides), the
# inspection paths answer loopback callers (or the X-Dev-Access-Key) only: errcode 40164, HTTP 403, elsewhere.
EMULATOR_INSPECTION = ("GET /sent", "DELETE /sent", "POST /followers", "POST /followers/o-x/interactions",
                       "POST /subscribe/faults", "POST /subscribe/grants", "GET /subscribe/grants",
                       "POST /subscribe/pages", "POST /subscribe/quota", "GET /subscribe/templates",
                       "POST /subscribe/templates", "POST /tokens/expire")
EMULATOR_WECHAT_API = ("POST /cgi-bin/menu/create", "GET /cgi-bin/menu/get", "POST /cgi-bin/message/custom/send",
                       "POST /cgi-bin/message/mass/sendall", "POST /cgi-bin/message/subscribe/send",
                       "POST /cgi-bin/message/template/send", "POST /cgi-bin/qrcode/create", "GET /cgi-bin/token",
                       "GET /cgi-bin/user/info", "GET /mp/cgi-bin/showqrcode", "GET /sns/jscode2session",
                       "POST /wxa/getuserriskrank", "POST /wxa/getwxacodeunlimit", "POST /wxa/msg_sec_check",
                       "GET /static/nothing.png")

