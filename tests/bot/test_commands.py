"""Every command, as a follower types it (spaces, full-width characters, synonyms), answered by the services."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Lead, User
from app.models.base import utcnow
from app.tasks import run_worker
from tests.bot.conftest import sent
from tests.factories.likes import make_campaign, make_nominee


def public_nominee(campaign, name="王建军", **fields):
    return make_nominee(campaign, name=name, content_checked_at=utcnow(), **fields)


def test_help_in_any_spelling_names_the_stage_and_the_commands(ctx, campaign, wechat):
    for spelling in ("帮助", " 菜单 ", "?", "？", "ＨＥＬＰ"):
        answer = wechat.say("o-alice", spelling)
        assert "当前处于技能推介阶段" in answer.text, spelling
        assert "搜索 姓名/单位/工种" in answer.text and "data-miniprogram-path=\"pages/index/index\"" in answer.text


def test_unknown_text_and_other_messages_get_the_help(ctx, campaign, wechat):
    assert wechat.say("o-alice", "你好呀").text.startswith("没有看懂您的消息。")
    picture = wechat.post({"FromUserName": "o-alice", "MsgType": "image", "PicUrl": "http://x/y.jpg",
                           "MediaId": "m1", "MsgId": 77001})
    assert picture.text.startswith("暂时只能看懂文字消息。") and "点赞" in picture.text


def test_search_answers_news_cards_with_photos_and_links_and_the_rest_follow(ctx, campaign, wechat, client):
    wechat.follow("o-bob")
    names = {public_nominee(campaign, name=f"港口工匠{i}", trade="港口机械维修").name for i in range(6)}
    public_nominee(campaign, name="李木匠", trade="木工", employer_name="连云港家具厂")
    answer = wechat.say("o-bob", "查询　港口机械")  # a synonym, an ideographic space
    assert answer.fields["MsgType"] == "news" and len(answer.articles) == 1  # WeChat's limit for a reply to a message
    first = answer.articles[0]
    assert "编号" in first["Title"] and "/mp/nominee?id=" in first["Url"]
    run_worker(burst=True)
    followed = sent(client, "custom")
    assert len(followed) == 4  # up to 5 nominees in all
    titles = [first["Title"]] + [m["body"]["news"]["articles"][0]["title"] for m in followed]
    assert len({t.split("（")[0] for t in titles}) == 5 and {t.split("（")[0] for t in titles} <= names
    assert "没有找到与“焊接”有关的候选人" in wechat.say("o-bob", "搜索 焊接").text
    assert "请在“搜索”后写上" in wechat.say("o-bob", "搜索").text


def test_like_by_number_or_unique_name_says_the_count_and_what_is_left(ctx, campaign, wechat):
    wang = public_nominee(campaign)
    li = public_nominee(campaign, name="李明", employer_name="连云港石化")
    public_nominee(campaign, name="李明", employer_name="连云港港口")
    by_number = wechat.say("o-carol", f"点赞　{wang.id}".translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    assert by_number.text == "已为王建军点赞，当前共 1 个赞。您今天还可以点赞 9 次。"
    assert "当前共 2 个赞" in wechat.say("o-dave", "投票王建军").text  # another person, a synonym
    ambiguous = wechat.say("o-carol", "点赞 李明").text
    assert "有多位候选人名叫李明" in ambiguous and f"编号 {li.id}" in ambiguous
    assert "没有找到名为“张三”的候选人" in wechat.say("o-carol", "点赞 张三").text
    assert "今天已为该候选人点过赞" in wechat.say("o-carol", f"点赞 {wang.id}").text


def test_one_quota_for_the_mini_program_and_the_chat_in_both_directions(ctx, wechat, client, login):
    campaign = make_campaign(likes_per_user_per_day=2)
    nominees = [public_nominee(campaign, name=f"工匠{i}") for i in range(4)]
    # Hana likes twice in the mini-program, then tries in the chat.
    hana = login("hana")
    for nominee in nominees[:2]:
        assert client.post(f"/api/v1/nominees/{nominee.id}/like", headers=hana).status_code == 200
    wechat.follow("o-hana", "union-dev-hana")
    assert wechat.say("o-hana", f"点赞 {nominees[2].id}").text == "今日点赞次数已用完，明天再来吧"
    # Ivan likes twice in the chat first, then logs in to the mini-program.
    wechat.follow("o-ivan", "union-dev-ivan")
    assert "还可以点赞 1 次" in wechat.say("o-ivan", f"点赞 {nominees[0].id}").text
    assert "还可以点赞 0 次" in wechat.say("o-ivan", f"点赞 {nominees[1].id}").text
    ivan = login("ivan")
    refused = client.post(f"/api/v1/nominees/{nominees[2].id}/like", headers=ivan)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "daily_limit_reached"
    assert client.get("/api/v1/me/likes/today", headers=ivan).get_json()["remaining_today"] == 0
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.unionid == "union-dev-ivan")) == 1


def test_recommend_makes_a_lead_with_the_same_limits_and_content_check(ctx, wechat, monkeypatch):
    make_campaign("nomination")
    wechat.follow("o-jane", "union-dev-jane")
    reason = "扎根港口一线二十年，带出徒弟三十余名，多次解决关键设备故障。"
    answer = wechat.say("o-jane", f"推荐 张三 连云港港口集团 港口机械维修 {reason}")
    assert answer.text.startswith("感谢推荐！张三的线索已收到")
    lead = db.session.scalars(sa.select(Lead)).one()
    assert (lead.employer, lead.trade, lead.reason) == ("连云港港口集团", "港口机械维修", reason)
    assert "推荐线索 张三：待处理" in wechat.say("o-jane", "进度").text
    assert "请按格式发送" in wechat.say("o-jane", "推荐 张三 理由").text
    assert "推荐理由" in wechat.say("o-jane", "推荐 李四 港口集团 电工 太短").text
    assert "内容安全检查" in wechat.say("o-jane", "推荐 王五 港口集团 电工 他组织赌博活动很多年了非常熟练").text
    monkeypatch.setitem(ctx.config, "LEADS_PER_USER_PER_DAY", 1)
    assert "每人每天最多提交1条推荐线索" in wechat.say("o-jane", f"推荐 赵六 港口集团 电工 {reason}").text
    assert db.session.scalar(sa.select(sa.func.count(Lead.id))) == 1


def test_recommend_outside_its_stage_is_refused_in_words(ctx, campaign, wechat):
    answer = wechat.say("o-kate", "推荐 张三 连云港港口集团 港口机械维修 扎根港口一线二十年，带出徒弟三十余名。")
    assert "未开放" in answer.text or "不在" in answer.text


def test_progress_with_nothing_yet(ctx, campaign, wechat):
    assert wechat.say("o-lily", "进度").text.startswith("您还没有推荐或申报记录")


def test_ranking_articles_and_notices(ctx, campaign, wechat):
    assert wechat.say("o-mike", "排行").text.startswith("还没有点赞排行")
    wang = public_nominee(campaign)
    wechat.say("o-mike", f"点赞 {wang.id}")
    assert f"1. 王建军（连云港云台港口机械有限公司）1 赞，编号 {wang.id}" in wechat.say("o-mike", "排行榜").text
    assert wechat.say("o-mike", "文章").text == "推介文章还未发布，敬请关注。"
    assert wechat.say("o-mike", "通知").text == "暂无通知。"
    from datetime import timedelta

    from app.extensions import db
    from app.models import Broadcast, User
    from app.models.base import utcnow

    author = User(username="bcast", nickname="周主任", roles=["organizer"])
    db.session.add(author)
    db.session.flush()
    for title, public, state, ago in (("评议公告已发布", True, "sent", 1), ("内部提醒", False, "sent", 0),
                                      ("推荐申报开始", True, "sent", 3), ("尚未发出", True, "draft", 0)):
        db.session.add(Broadcast(title=title, body=f"{title}，详情请在小程序中查看。" * 3, public=public, state=state,
                                 created_by_id=author.id,
                                 started_at=utcnow() - timedelta(days=ago) if state == "sent" else None))
    db.session.commit()
    told = wechat.say("o-mike", "通知").text
    assert told.startswith("最新通知：") and told.index("评议公告已发布") < told.index("推荐申报开始")
    assert "内部提醒" not in told and "尚未发出" not in told and 'data-miniprogram-path="pages/notices/index"' in told


def test_public_notice_names_the_winners_and_how_to_object(ctx, wechat):
    from tests.factories.results import close_window, confirmed

    assert wechat.say("o-nina", "公示").text == "活动不存在"  # a service's refusal, said in words
    made = confirmed()
    answer = wechat.say("o-nina", "公示").text
    top = [n.name for n in made["finalists"][:2]]
    assert "公示中" in answer and all(name in answer for name in top)
    assert "如有异议" in answer and 'data-miniprogram-path="pages/objection/index"' in answer
    close_window(made["campaign"])
    closed = wechat.say("o-nina", "结果").text
    assert "公示已结束" in closed and "如有异议" not in closed
