"""The bot's commands (Chinese, forgiving of spaces, full-width characters and synonyms).

Every rule is a service's: these handlers only read what the follower typed, call the same service
the mini-program's API calls, and say the answer in plain words.
"""
from __future__ import annotations

from app.models import LEAD_STATUS_LABELS, STATUS_LABELS
from app.services import qr_scenes
from app.services.articles import public as articles
from app.services.broadcasts import public as broadcasts_public
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.followers import records as followers
from app.services.likes import liking
from app.services.nominations import leads, submission
from app.services.nominees import profiles
from app.services.results import notice as results
from bot.registry import Incoming, registry

SEARCH_LIMIT = 5
HOME_PAGE, RESULTS_PAGE, OBJECTION_PAGE = "pages/index/index", "pages/results/index", "pages/objection/index"
NOTICES_PAGE = "pages/notices/index"
RECOMMEND_USAGE = "推荐 姓名 单位 工种 理由（理由至少 10 个字），例如：推荐 张三 连云港港口集团 港口机械维修 扎根一线二十年……"


def person(incoming: Incoming):
    """The user the follower acts as (one person with the mini-program user of the same unionid)."""
    return followers.person(followers.find(incoming.openid) or followers.touch(incoming.openid))


def nominee_card(card: dict) -> dict:
    scene = qr_scenes.Scene("nominee", str(card["id"]))
    details = " · ".join(p for p in (card.get("employer_name"), card.get("trade")) if p)
    return {"title": f"{card['name']}（编号 {card['id']}）", "description": f"{details}\n点赞 {card['likes']}",
            "image": qr_scenes.absolute(card.get("thumbnail")), "url": qr_scenes.landing_url(scene)}


def stage_line() -> str:
    campaign = stages.current_campaign()
    state = stages.stage_state(campaign)
    if state.stage is not None:
        return f"{campaign.title}当前处于{state.stage.name}阶段。"
    return {"before": f"{campaign.title}即将开始。", "after": f"{campaign.title}已圆满结束。"}.get(
        state.phase, f"{campaign.title}正在进行中。")


@registry.command("帮助", "菜单", "?", "help", "功能")
def help_text(_incoming: Incoming) -> str:
    lines = [stage_line(), "您可以发送："]
    lines += [f"· {usage}：{summary}" for usage, summary in registry.help_lines]
    lines.append(qr_scenes.mini_program_link(HOME_PAGE, "打开“港城工匠”小程序"))
    return "\n".join(lines)


@registry.command("搜索", "查询", "查找", "搜", usage="搜索 姓名/单位/工种", summary="查找候选人")
def search(incoming: Incoming):
    words = incoming.args
    if not words:
        return "请在“搜索”后写上姓名、单位或工种，例如：搜索 港口机械"
    cards, total = profiles.search(q=words, per_page=SEARCH_LIMIT, sort="likes")
    if not cards:
        return f"没有找到与“{words}”有关的候选人。可以换个关键词，或发送“排行”看看大家在为谁点赞。"
    return [nominee_card(card) for card in cards]


def _nominee_id(words: str) -> int:
    if words.isdigit():
        return int(words)
    found = [c for c in profiles.search(q=words, per_page=20)[0] if c["name"] == words]
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        raise DomainError("not_found", f"没有找到名为“{words}”的候选人，请发送“搜索 {words}”查看编号", 404)
    numbers = "、".join(f"{c['name']}（{c.get('employer_name') or ''}）编号 {c['id']}" for c in found)
    raise DomainError("ambiguous", f"有多位候选人名叫{words}：{numbers}。请发送“点赞 编号”", 409)


@registry.command("点赞", "投票", "支持", usage="点赞 编号或姓名", summary="为候选人点赞（与小程序共用每日次数）")
def like(incoming: Incoming) -> str:
    words = incoming.args
    if not words:
        return "请在“点赞”后写上候选人编号或姓名，例如：点赞 12"
    nomination_id = _nominee_id(words)
    follower = followers.find(incoming.openid) or followers.touch(incoming.openid)
    user = followers.person(follower)
    # The chat has no caller address of its own (WeChat's servers forward it): each follower is their own window.
    result = liking.like(user.id, nomination_id, f"mp-{follower.id}",
                         idempotency_key=f"mp.{incoming.msg_id}" if incoming.msg_id else None)
    name = profiles.get(nomination_id)["name"]
    return f"已为{name}点赞，当前共 {result.likes} 个赞。您今天还可以点赞 {result.remaining_today} 次。"


@registry.command("推荐", "举荐", usage="推荐 姓名 单位 工种 理由", summary="推荐身边的工匠（线索）")
def recommend(incoming: Incoming) -> str:
    parts = incoming.args.split(" ")
    if len(parts) < 4:
        return "请按格式发送：" + RECOMMEND_USAGE
    data = {"name": parts[0], "employer": parts[1], "trade": parts[2], "reason": " ".join(parts[3:])}
    lead = leads.create(person(incoming), data)  # refusals (limits, fields, content check) are the service's
    return f"感谢推荐！{lead.name}的线索已收到（编号 {lead.id}），市总工会和相关单位会跟进。发送“进度”可查看处理情况。"


@registry.command("进度", "状态", "我的推荐", "我的申报", usage="进度", summary="查看我的推荐和申报进展")
def progress(incoming: Incoming) -> str:
    user = person(incoming)
    lines = [f"· {n.name}：{STATUS_LABELS.get(n.status, n.status)}" for n in submission.mine(user)]
    lines += [f"· 推荐线索 {lead.name}：{LEAD_STATUS_LABELS.get(lead.status, lead.status)}" for lead in leads.mine(user)]
    if not lines:
        return ("您还没有推荐或申报记录。发送“推荐 姓名 单位 工种 理由”推荐身边的工匠，或在小程序中申报。\n"
                + qr_scenes.mini_program_link("pages/my-nominations/index", "我的申报"))
    return "您的推荐与申报：\n" + "\n".join(lines)


@registry.command("排行", "排名", "排行榜", "榜单", usage="排行", summary="点赞前 10 名")
def ranking(_incoming: Incoming) -> str:
    rows = liking.leaderboard(10)
    if not rows:
        return "还没有点赞排行。点赞开放后，发送“搜索 关键词”找到候选人即可点赞。"
    lines = [f"{r['rank']}. {r['name']}（{r.get('employer_name') or ''}）{r['likes']} 赞，编号 {r['id']}" for r in rows]
    return "点赞排行前 10 名：\n" + "\n".join(lines)


@registry.command("文章", "推介", "事迹", usage="文章", summary="最新的工匠推介文章")
def latest_articles(_incoming: Incoming):
    cards, _total = articles.search(per_page=5)
    if not cards:
        return "推介文章还未发布，敬请关注。"
    return [{"title": a["title"], "description": f"{a['outlet_label']} · {a['summary']}",
             "image": qr_scenes.absolute(a.get("cover_thumbnail_url")),
             "url": qr_scenes.landing_url(qr_scenes.Scene("nominee", str(a["nominee_id"])))} for a in cards]


@registry.command("公示", "结果", "评选结果", usage="公示", summary="评选结果公示与异议方式")
def public_notice(_incoming: Incoming) -> str:
    answer = results.public_results(stages.current_campaign())
    if not answer["published"]:
        return "评选结果尚未公示，公示开始后会在这里和小程序中发布。"
    names = lambda rows: "、".join(r["name"] for r in rows) or "无"  # noqa: E731
    lines = [f"评选结果公示（{answer['state_label']}，{answer['starts_on']:%Y年%m月%d日}至{answer['ends_on']:%Y年%m月%d日}）",
             f"港城十大工匠：{names(answer['top_winners'])}", f"港城工匠：{names(answer['winners'])}"]
    lines += [change["note"] for change in answer["changes"]]
    if answer["state"] in ("open", "upcoming"):
        lines.append("如有异议，请在公示期内实名提交，写明事实并附证据：" + qr_scenes.mini_program_link(OBJECTION_PAGE, "提交异议"))
    lines.append(qr_scenes.mini_program_link(RESULTS_PAGE, "查看完整公示"))
    return "\n".join(lines)


def latest_notices() -> list[dict]:
    """The latest public broadcast notices ({title, summary, published_at, ...}), newest first."""
    items, _total = broadcasts_public.search(page=1, per_page=5)
    return items


@registry.command("通知", "公告", usage="通知", summary="最新通知")
def notices(_incoming: Incoming) -> str:
    items = latest_notices()[:5]
    if not items:
        return "暂无通知。"
    return "最新通知：\n" + "\n".join(f"· {n['title']}：{n['summary']}" for n in items) + \
        "\n" + qr_scenes.mini_program_link(NOTICES_PAGE, "查看全部通知")


@registry.otherwise
def unknown(incoming: Incoming) -> str:
    return ("没有看懂您的消息。" if incoming.msg_type == "text" else "暂时只能看懂文字消息。") + "\n" + help_text(incoming)
