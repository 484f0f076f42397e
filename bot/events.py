"""Events of the official account: following, leaving, menu clicks and QR scans."""
from __future__ import annotations

from app.services import qr_scenes
from app.services.errors import DomainError
from app.services.followers import records as followers
from app.services.nominees import profiles
from bot.commands import HOME_PAGE, help_text, nominee_card, stage_line
from bot.registry import Incoming, registry


def welcome() -> str:
    return ("感谢关注！“寻找身边的港城工匠”选树活动由连云港市总工会主办，推荐、宣传身边技艺精湛、爱岗敬业的工匠。\n"
            + stage_line() + "\n" + qr_scenes.mini_program_link(HOME_PAGE, "打开“港城工匠”小程序")
            + "\n发送“帮助”查看可以做什么。")


def scene_reply(scene: qr_scenes.Scene | None, greeting: str = ""):
    """What a scanned QR leads to: a nominee's card, or the mini-program page that reads the code."""
    if scene is None:
        return (greeting + "\n" if greeting else "") + "这个二维码不是本活动的，发送“帮助”查看可以做什么。"
    if scene.kind == "nominee":
        try:
            card = nominee_card(profiles.get(int(scene.value)))
        except DomainError:
            return (greeting + "\n" if greeting else "") + "该候选人暂未公开，发送“排行”看看其他候选人。"
        card["description"] = (greeting + "\n" if greeting else "") + card["description"] + "\n点开为TA点赞"
        return [card]
    link = qr_scenes.mini_program_link(scene.page, "点此打开小程序", qr_scenes.landing_url(scene))
    return (greeting + "\n" if greeting else "") + f"请在“港城工匠”小程序中{scene.purpose}：{link}"


@registry.event("subscribe")
def subscribed(incoming: Incoming) -> str:
    followers.subscribe(incoming.openid)
    return welcome()


@registry.event("subscribe_scan")
def subscribed_by_scan(incoming: Incoming):
    followers.subscribe(incoming.openid, scene=incoming.key)
    return scene_reply(qr_scenes.parse(incoming.key), "感谢关注“港城工匠”！" + stage_line())


@registry.event("scan")
def scanned(incoming: Incoming):
    followers.touch(incoming.openid)
    return scene_reply(qr_scenes.parse(incoming.key))


@registry.event("unsubscribe")
def unsubscribed(incoming: Incoming) -> None:
    followers.unsubscribe(incoming.openid)
    return None  # WeChat shows nothing to someone who left


@registry.event("click")
def clicked(incoming: Incoming):
    """A menu button: its key is the command it stands for (bot/menu.json)."""
    followers.touch(incoming.openid)
    return registry.run_command(incoming.key or "", incoming)


@registry.event("view", "view_miniprogram")
def opened_link(incoming: Incoming) -> None:
    followers.touch(incoming.openid)  # a menu link opens a page; WeChat shows no reply to it
    return None


@registry.message("image", "voice", "video", "shortvideo", "location", "link")
def other_message(incoming: Incoming) -> str:
    return "暂时只能看懂文字消息。\n" + help_text(incoming)
