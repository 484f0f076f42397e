"""The callback as WeChat calls it: signatures, safe mode, replays, unsafe XML, retries, the 5-second rule."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Follower
from app.tasks import run_worker
from bot import gateway
from bot.registry import registry
from tests.bot.conftest import ACCOUNT, sent, xml_of

TOKEN_VECTOR = ("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589", "test")


def followers() -> list[Follower]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Follower)))


def test_wechatpy_signature_vector_holds_and_a_changed_nonce_does_not():
    token, signature, timestamp, nonce = TOKEN_VECTOR
    settings = gateway.Settings("wx", token, "", "plaintext", 300)
    gateway.check_signature(settings, signature, timestamp, nonce, now=int(timestamp))
    with pytest.raises(gateway.Refused) as refused:
        gateway.check_signature(settings, signature, timestamp, nonce + "1", now=int(timestamp))
    assert refused.value.status == 403


def test_wechatpy_aes_vector_decrypts_through_our_checks():
    # wechatpy's own test vector (tests/test_crypto.py): token, EncodingAESKey and id, message and msg_signature.
    settings = gateway.Settings("wx49f0ab532d5d035a", "123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR",
                                "safe", 300)
    encrypted = ("RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDX"
                 "zF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gY"
                 "Nx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2Sj"
                 "Hnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749"
                 "zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=")
    plain = gateway.decrypt(settings, {"Encrypt": encrypted}, "74d92dfeb87ba7c714f89d98870ae5eb62dff26d",
                            "1411525903", "461056294")
    fields = gateway.parse_xml(plain)
    assert (fields["Content"], fields["FromUserName"]) == ("test", "messense")
    with pytest.raises(gateway.Refused):
        gateway.decrypt(settings, {"Encrypt": encrypted}, "74d92dfeb87ba7c714f89d98870ae5eb62dff26e",
                        "1411525903", "461056294")
    other = gateway.Settings("wxsomebodyelse0001", *list(settings.__dict__.values())[1:])
    with pytest.raises(gateway.Refused) as refused:
        gateway.decrypt(other, {"Encrypt": encrypted}, "74d92dfeb87ba7c714f89d98870ae5eb62dff26d",
                        "1411525903", "461056294")
    assert refused.value.status == 403


def test_echostr_is_answered_only_to_a_good_signature(wechat, client):
    good = client.get("/wechat/bot", query_string=wechat.signed_query(echostr="7463826192"))
    assert (good.status_code, good.get_data(as_text=True)) == (200, "7463826192")
    forged = {**wechat.signed_query(echostr="1"), "signature": "0" * 40}
    assert client.get("/wechat/bot", query_string=forged).status_code == 403
    assert client.get("/wechat/bot", query_string={"echostr": "1"}).status_code == 400


def test_plaintext_message_gets_a_plaintext_reply_addressed_back(ctx, campaign, wechat):
    answer = wechat.say("o-alice", "帮助")
    assert answer.status == 200
    assert answer.fields["ToUserName"] == "o-alice" and answer.fields["FromUserName"] == ACCOUNT
    assert "点赞 编号或姓名" in answer.text and "推广" not in answer.text


def test_safe_mode_round_trip_encrypts_the_reply_to_its_sender(ctx, campaign, wechat, monkeypatch):
    wechat.use_safe_mode(monkeypatch)
    answer = wechat.say("o-bob", "菜单")
    assert "<Encrypt>" in answer.body and "点赞" not in answer.body  # nothing readable on the wire
    assert answer.fields["ToUserName"] == "o-bob" and "排行" in answer.text
    # A plaintext message is refused in safe mode; in compatible mode both are accepted.
    wechat.encrypted = False
    assert wechat.say("o-bob", "帮助").status == 400
    wechat.use_safe_mode(monkeypatch, mode="compatible")
    wechat.encrypted = False
    assert "排行" in wechat.say("o-bob", "帮助").text


def test_safe_mode_body_is_checked_with_msg_signature(ctx, campaign, wechat, monkeypatch):
    wechat.use_safe_mode(monkeypatch)
    envelope = wechat.crypto().encrypt_message(xml_of({"FromUserName": "o-eve", "MsgType": "text", "Content": "排行",
                                                       "MsgId": 1}), "42", str(int(time.time())))
    import xml.etree.ElementTree as ET

    encrypted = ET.fromstring(envelope).findtext("Encrypt")
    query = {**wechat.signed_query(nonce="42"), "encrypt_type": "aes", "msg_signature": "f" * 40}
    assert wechat.post_raw(xml_of({"Encrypt": encrypted}), query).status == 403
    assert followers() == []


def test_stale_timestamp_is_refused_as_a_replay(ctx, campaign, wechat):
    answer = wechat.say("o-carol", "排行", timestamp=int(time.time()) - 301)
    assert answer.status == 403
    assert wechat.say("o-carol", "排行", timestamp=int(time.time()) - 200).status == 200


XXE = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>o-x</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&secret;</Content><MsgId>1</MsgId></xml>"""
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
          + ']><xml><FromUserName>o-x</FromUserName><MsgType>text</MsgType><Content>&lol9;</Content></xml>')


@pytest.mark.parametrize("body, status", [
    (XXE, 400), (LAUGHS, 400), ("<xml><FromUserName>o-x", 400), ("not xml at all", 400),
    ("<xml>" + "<Content>a</Content>" * 70000 + "</xml>", 413),
])
def test_unsafe_malformed_or_oversized_bodies_are_refused_without_processing(ctx, campaign, wechat, body, status):
    assert wechat.post_raw(body).status == status
    assert followers() == []
    assert wechat.post_raw("x" * (1024 * 1024)).status == 413


def test_a_retried_msgid_runs_once_and_gets_the_same_answer(ctx, campaign, wechat):
    from tests.factories.likes import make_nominee
    from app.models.base import utcnow

    nominee = make_nominee(campaign, content_checked_at=utcnow())
    wechat.follow("o-dave", "union-dev-dave")
    first = wechat.say("o-dave", f"点赞 {nominee.id}", msg_id=555001)
    retried = wechat.say("o-dave", f"点赞 {nominee.id}", msg_id=555001)
    assert "当前共 1 个赞" in first.text and "还可以点赞 9 次" in first.text
    assert retried.text == first.text
    again = wechat.say("o-dave", f"点赞 {nominee.id}", msg_id=555002)  # a new message: the same-day rule answers
    assert "今天已为该候选人点过赞" in again.text


def test_a_failing_handler_apologises_and_logs(ctx, campaign, wechat, caplog, monkeypatch):
    import logging

    # The migrations' logging.config.fileConfig disabled the loggers that existed then.
    monkeypatch.setattr(logging.getLogger("bot.pipeline"), "disabled", False)
    def broken(_incoming):
        raise RuntimeError("boom")

    registry.commands["坏了"] = broken
    try:
        answer = wechat.say("o-erin", "坏了")
    finally:
        registry.commands.pop("坏了")
    assert answer.text == "抱歉，系统开了个小差，请稍后再试。"
    assert any("handler failed" in r.message for r in caplog.records)


def test_a_slow_handler_answers_success_within_the_deadline_and_follows_up(ctx, campaign, wechat, client,
                                                                           monkeypatch):
    monkeypatch.setitem(ctx.config, "WECHAT_MP_REPLY_SECONDS", 0.5)
    wechat.follow("o-frank", "union-dev-frank")

    def slow(_incoming):
        time.sleep(1.5)
        return "慢慢来的答复"

    registry.commands["慢"] = slow
    try:
        answer = wechat.say("o-frank", "慢")
        assert (answer.status, answer.body) == (200, "success") and answer.seconds < 1.2
        time.sleep(1.5)
    finally:
        registry.commands.pop("慢")
    run_worker(burst=True)
    assert [(m["to"], m["body"]["text"]["content"]) for m in sent(client, "custom")] == [("o-frank", "慢慢来的答复")]


def test_a_locked_database_still_gets_an_answer_within_five_seconds(ctx, campaign, wechat, client, monkeypatch):
    """Another connection holds the write lock; the bot answers "success" at once and follows up after."""
    monkeypatch.setitem(ctx.config, "WECHAT_MP_REPLY_SECONDS", 1.0)
    wechat.follow("o-gina", "union-dev-gina")
    release = threading.Event()
    engine = db.engine

    def hold_lock():
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")
                conn.exec_driver_sql("LOCK TABLE follower IN ACCESS EXCLUSIVE MODE")
            release.wait(10)
            conn.exec_driver_sql("ROLLBACK")

    holder = threading.Thread(target=hold_lock)
    holder.start()
    time.sleep(0.2)
    try:
        answer = wechat.say("o-gina", "排行")
    finally:
        time.sleep(0.3)
        release.set()
        holder.join()
    assert (answer.status, answer.body) == (200, "success") and answer.seconds < 5
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        run_worker(burst=True)
        if sent(client, "custom"):
            break
        time.sleep(0.2)
    [follow_up] = sent(client, "custom")
    assert follow_up["to"] == "o-gina" and "点赞排行" in follow_up["body"]["text"]["content"]
