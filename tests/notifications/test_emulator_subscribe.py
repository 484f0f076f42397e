"""The emulator refuses subscribe messages as WeChat does, so a product test that passes means something."""
from __future__ import annotations

import pytest
import requests
from wechatpy.exceptions import WeChatClientException

from app.services.notifications.registry import DEFAULT_TEMPLATES
from app.wechat import get_wechat
from app.wechat.emulator import create_emulator_app

PROGRESS = DEFAULT_TEMPLATES["progress"]["template_id"]
GOOD = {"thing1": {"value": "审核通过"}, "name2": {"value": "王晓燕"}, "phrase3": {"value": "已通过"},
        "thing4": {"value": "请留意后续安排"}, "time5": {"value": "2019年6月3日 09:30"}}


def send(**changes):
    body = {"touser": "dev-alice", "template_id": PROGRESS, "page": "pages/my-nominations/index",
            "data": GOOD, "miniprogram_state": "formal", "lang": "zh_CN", **changes}
    return get_wechat().mini.post("message/subscribe/send", data=body)


def errcode(**changes) -> int:
    with pytest.raises(WeChatClientException) as caught:
        send(**changes)
    return caught.value.errcode


def test_a_granted_message_goes_once(ctx, emu):
    assert errcode() == 43101
    emu.grant("dev-alice", PROGRESS)
    assert send()["errcode"] == 0
    assert errcode() == 43101
    [message] = emu.sent()
    assert message["body"]["data"] == GOOD


@pytest.mark.parametrize("keyword,value", [
    ("thing1", "一" * 21), ("name2", "阿卜杜热合曼买买提依明"), ("phrase3", "通过了!"), ("phrase3", "审核已经通过"),
    ("time5", "明天上午"), ("thing4", "第一行\n第二行"), ("thing4", ""),
])
def test_a_value_out_of_its_type_is_47003(ctx, emu, keyword, value):
    emu.grant("dev-alice", PROGRESS)
    assert errcode(data={**GOOD, keyword: {"value": value}}) == 47003
    assert emu.grants("dev-alice") == {PROGRESS: 1}  # a refused message takes no grant


def test_a_missing_keyword_unknown_template_page_and_openid(ctx, emu):
    emu.grant("dev-alice", PROGRESS)
    assert errcode(data={k: v for k, v in GOOD.items() if k != "time5"}) == 47003
    assert errcode(template_id="no-such-template") == 40037
    assert errcode(page="pages/not-released/index") == 41030
    assert send(page="pages/my-nominations/index?id=3")["errcode"] == 0  # a query string is fine
    assert errcode(touser="o-of-another-app") == 40003
    assert errcode(miniprogram_state="beta") == 47003


def test_quota_faults_and_token_expiry_are_triggered_by_inspection(ctx, emu):
    emu.grant("dev-alice", PROGRESS, count=3)
    emu.quota(1)
    assert send()["errcode"] == 0
    assert errcode() == 45009
    emu.quota(None)
    emu.fail_next(-1)
    assert errcode() == -1
    client = get_wechat().mini
    token = client.access_token
    assert emu.expire_tokens() >= 1
    answer = requests.post(f"{emu.base}/cgi-bin/message/subscribe/send", params={"access_token": token},
                           json={"touser": "dev-alice"}, timeout=10).json()
    assert answer["errcode"] == 40001


def test_the_sent_log_keeps_as_many_as_configured(backing_urls):
    import redis

    from tests.test_wechat_emulator import APPS, MINI_APPID, MINI_SECRET, make_client, serve

    r = redis.Redis.from_url(backing_urls["REDIS_URL"])
    base, server = serve(create_emulator_app(r, APPS, subscribe_templates={"T": []}, sent_keep=3))
    try:
        requests.post(base + "/subscribe/grants", json={"appid": MINI_APPID, "openid": "dev-a", "template_ids": ["T"],
                                                          "count": 5}, timeout=5)
        client = make_client(base, MINI_APPID, MINI_SECRET)
        for _ in range(5):
            client.post("message/subscribe/send", data={"touser": "dev-a", "template_id": "T", "data": {}})
        kept = requests.get(base + "/sent", timeout=5).json()["messages"]
        assert len(kept) == 3 and kept[0]["id"] < kept[-1]["id"]
    finally:
        server.shutdown()
        server.server_close()
        r.flushdb()
