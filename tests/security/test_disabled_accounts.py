"""A disabled account acts nowhere: the API refuses its token (tests/security/matrix/), and the official
account's bot, which knows the same person by their unionid, refuses them too."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Lead
from app.services.accounts import console_auth
from tests.bot.conftest import WeChat
from tests.factories.nominations import campaign, user_named  # noqa: F401 - fixture
from tests.factories.shortlist import make_organizer

RECOMMEND = "推荐 张三 连云港港口集团 港口机械维修 扎根一线二十年，带徒十二名"


def test_a_disabled_account_files_no_lead_and_reads_no_progress_through_the_bot(app, client, login, campaign):
    login("dana")
    person = user_named("dana")
    person.unionid = "u-dana"
    db.session.commit()
    wechat = WeChat(app, client)
    wechat.follow("mp-dana", "u-dana")
    assert "线索已收到" in wechat.say("mp-dana", RECOMMEND).text  # the same person, while enabled
    console_auth.set_disabled(person, True, actor=make_organizer())

    refused = wechat.say("mp-dana", RECOMMEND.replace("张三", "李四"))
    assert refused.status == 200 and "该账号已停用" in refused.text
    assert db.session.scalars(sa.select(Lead.name)).all() == ["张三"]
    progress = wechat.say("mp-dana", "进度")
    assert "该账号已停用" in progress.text and "张三" not in progress.text
    assert "点赞" in wechat.say("mp-dana", "帮助").text  # public answers stay open, as public reads in the API
