"""The bot callback (/wechat/bot) fuzzed with hypothesis, a fixed number of examples, derandomized: well-signed
messages with random fields (huge ones too), raw bodies that are not WeChat's XML (malformed, DTDs and
entities, other encodings, random bytes), wrong signatures, and in safe mode random or damaged envelopes. Never a
5xx; an answer within the bot's 5 seconds, addressed back to its sender; a refused request (4xx) stores nothing —
no row in any table, no key in Redis."""
from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.redis_store import get_redis
from bot.gateway import MAX_BODY_BYTES, sign
from tests.bot.conftest import ACCOUNT, AES_KEY, WeChat, xml_of
from tests.factories.likes import campaign, likes_app  # noqa: F401 - fixtures

# Examples per target (README "Fuzzing" records these counts).
EXAMPLES = {"plaintext_fields": 60, "raw_bodies": 60, "signatures": 40, "safe_mode_fields": 40, "envelopes": 40}
FUZZ = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow, HealthCheck.data_too_large])
TAGS = ("ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event", "EventKey", "PicUrl",
        "MediaId", "Encrypt", "Ticket")
WORDS = ("帮助", "搜索 港口", "点赞 1", "点赞 999999999999", "推荐 张三 某厂 焊工 扎根一线二十年带徒十二名", "进度",
         "排行", "文章", "公示", "通知", "text", "event", "subscribe", "SCAN", "CLICK", "image", "")


def stored() -> tuple:
    """Every table's row count and Redis' key count."""
    db.session.expire_all()
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(table))
                   for table in db.metadata.sorted_tables)
    return counts, get_redis().dbsize()


@pytest.fixture
def bot(app, client, campaign):  # noqa: F811 - the like campaign fixture
    wechat = WeChat(app, client)
    wechat.follow("o-fuzz", "u-fuzz")
    return wechat


def check(wechat: WeChat, answer, before, sender: str | None = None) -> None:
    assert answer.status < 500, (answer.status, answer.body[:200])
    assert answer.seconds < wechat.config["WECHAT_MP_REPLY_SECONDS"] + 1
    if answer.status >= 400:
        assert answer.body == ""
        assert stored() == before, f"a refused message ({answer.status}) left something behind"
        return
    assert answer.status == 200
    if answer.body not in ("", "success"):
        read = wechat.read(answer)
        if sender is not None:
            assert read.fields.get("ToUserName") == sender


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
text_values = st.one_of(st.sampled_from(WORDS), printable, st.sampled_from(WORDS), printable, st.text(max_size=200),
                        st.text(alphabet="港城工匠点赞推荐 <>&]]>\x00\x0b\ud7ff", max_size=50),
                        st.integers(-2**63, 2**64).map(str), st.just("长" * 21000), st.just("长" * 22000))
message_fields = st.builds(
    lambda sender, kind, content, extra: {**extra, "FromUserName": sender, "MsgType": kind, "Content": content},
    st.one_of(st.sampled_from(("o-fuzz", "o-stranger")), st.text(min_size=1, max_size=40).filter(str.strip)),
    st.sampled_from(("text", "event", "image", "voice", "location", "link", "shortvideo", "unknown")),
    text_values, st.dictionaries(st.sampled_from(TAGS[5:]), text_values, max_size=4))
# Mostly messages that get past the envelope (sender and type present), some with any fields at all.
fields_strategy = st.one_of(message_fields, message_fields, message_fields,
                            st.dictionaries(st.sampled_from(TAGS), text_values, max_size=8))


@settings(max_examples=EXAMPLES["plaintext_fields"], **FUZZ)
@given(fields=fields_strategy)
def test_plaintext_messages_with_random_fields(bot, fields):
    before = stored()
    body = xml_of({"ToUserName": ACCOUNT, **fields})
    answer = bot.post_raw(body.encode("utf-8", "surrogatepass"))
    check(bot, answer, before, fields.get("FromUserName"))


raw_bodies = st.one_of(
    st.binary(max_size=2048),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from((
        b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<xml><Content>&b;</Content></xml>',
        b'<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/evil.dtd"><xml/>',
        b'<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><Content>x</Content>',  # unclosed
        b'<notxml><FromUserName>o</FromUserName></notxml>',
        '<?xml version="1.0" encoding="GBK"?><xml><FromUserName>o</FromUserName><MsgType>text</MsgType>'
        '<Content>帮助</Content></xml>'.encode("gbk"),
        '<?xml version="1.0" encoding="UTF-8"?><xml><Content>帮助</Content></xml>'.encode("gbk"),  # lies
        '<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><Content>帮助</Content></xml>'.encode("utf-16"),
        b"\xef\xbb\xbf<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>",
        b"<xml>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</xml>",
        b"<xml><Content>" + b"x" * (MAX_BODY_BYTES + 10) + b"</Content></xml>",
    )))


@settings(max_examples=EXAMPLES["raw_bodies"], **FUZZ)
@given(body=raw_bodies)
def test_raw_bodies_that_are_not_wechat_messages(bot, body):
    before = stored()
    check(bot, bot.post_raw(body), before)


@settings(max_examples=EXAMPLES["signatures"], **FUZZ)
@given(signature=st.one_of(st.text(max_size=60), st.sampled_from(("", "0" * 40))),
       timestamp=st.one_of(st.integers(-2**40, 2**40).map(str), st.text(max_size=12), st.just("")),
       nonce=st.text(max_size=20), echostr=st.text(max_size=20), method=st.sampled_from(("GET", "POST")))
def test_wrong_signatures_are_refused_and_change_nothing(bot, client, signature, timestamp, nonce, echostr, method):
    before = stored()
    body = xml_of({"ToUserName": ACCOUNT, "FromUserName": "o-fuzz", "MsgType": "text", "Content": "推荐 张三 某厂 焊工 "
                                                                                             "扎根一线二十年带徒十二名",
                   "MsgId": 1, "CreateTime": int(time.time())})
    query = {"signature": signature, "timestamp": timestamp, "nonce": nonce, "echostr": echostr}
    started = time.monotonic()
    response = client.open("/wechat/bot", method=method, query_string=query, data=body, content_type="text/xml")
    good = signature == sign(bot.config["WECHAT_MP_TOKEN"], timestamp, nonce)
    assert good or 400 <= response.status_code < 500, (response.status_code, query)
    assert response.status_code < 500 and time.monotonic() - started < 5
    if response.status_code >= 400:
        assert stored() == before


@settings(max_examples=EXAMPLES["safe_mode_fields"], **FUZZ)
@given(fields=fields_strategy)
def test_safe_mode_messages_with_random_fields(bot, monkeypatch, fields):
    bot.use_safe_mode(monkeypatch)
    before = stored()
    plain = xml_of({"ToUserName": ACCOUNT, **fields})
    query = bot.signed_query()
    try:
        envelope = bot.crypto().encrypt_message(plain, query["nonce"], query["timestamp"])
    except UnicodeEncodeError:
        return  # text WeChat could not have encrypted either (lone surrogates)
    root = ET.fromstring(envelope)
    query = {**query, "encrypt_type": "aes", "msg_signature": root.findtext("MsgSignature")}
    answer = bot.post_raw(xml_of({"ToUserName": ACCOUNT, "Encrypt": root.findtext("Encrypt")}), query)
    check(bot, answer, before, fields.get("FromUserName"))


@settings(max_examples=EXAMPLES["envelopes"], **FUZZ)
@given(encrypt=st.one_of(st.binary(max_size=300).map(lambda b: base64.b64encode(b).decode()), st.text(max_size=80)),
       signed=st.booleans(), appid=st.sampled_from(("", "wx-other-account")))
def test_random_or_foreign_envelopes_are_refused(bot, monkeypatch, encrypt, signed, appid):
    """Garbage in Encrypt (with a correct msg_signature, so decryption runs, or a wrong one), or a real envelope
    encrypted for another account."""
    bot.use_safe_mode(monkeypatch)
    before = stored()
    query = bot.signed_query()
    if appid:
        from wechatpy.crypto import WeChatCrypto

        foreign = WeChatCrypto(bot.config["WECHAT_MP_TOKEN"], AES_KEY, appid)
        encrypt = ET.fromstring(foreign.encrypt_message(xml_of({"FromUserName": "o-fuzz", "MsgType": "text",
                                                                 "Content": "进度"}), query["nonce"],
                                                         query["timestamp"])).findtext("Encrypt")
    token = bot.config["WECHAT_MP_TOKEN"]
    msg_signature = sign(token, query["timestamp"], query["nonce"], encrypt) if signed else "0" * 40
    body = xml_of({"ToUserName": ACCOUNT, "Encrypt": encrypt})
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        return
    answer = bot.post_raw(body, {**query, "encrypt_type": "aes", "msg_signature": msg_signature})
    assert 400 <= answer.status < 500, (answer.status, encrypt[:40])
    check(bot, answer, before)
