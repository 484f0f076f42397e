"""User-written text passes WeChat's msg_sec_check (the emulator here), or a local word list, before it is shown."""
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.redis_store import get_redis
from tests.factories.nominations import campaign, complete_self_draft  # noqa: F401


def _submit(client, headers, nomination_id):
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=headers)
    assert db.session.get(Nomination, nomination_id).status in ({"draft"} if response.status_code != 200 else
                                                                {"awaiting_endorsement"})
    return response


def test_risky_text_found_by_wechat_is_refused_naming_the_field(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice, deeds="业余时间组织同事赌博，赢得很多。")
    response = _submit(client, alice, nomination_id)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error == {"code": "content_rejected", "message": "以下内容未通过内容安全检查：主要事迹",
                     "details": {"fields": {"deeds": "含有不适宜公开的内容，请修改后再提交"}}}
    # The verdict came from the WeChat API (the emulator keeps the access token it issued in Redis).
    assert get_redis().keys("wxemu:token:*")


def test_the_local_word_list_works_without_wechat(app, client, login, campaign, monkeypatch, tmp_path):
    alice = login("alice")  # logging in needs WeChat, so before cutting it off
    words = tmp_path / "words.txt"
    words.write_text("违禁测试词\n", encoding="utf-8")
    monkeypatch.setitem(app.config, "CONTENT_CHECK", "local")
    monkeypatch.setitem(app.config, "CONTENT_CHECK_WORDS_FILE", str(words))
    # WeChat is unreachable: the local check must not need it.
    monkeypatch.setitem(app.config, "WECHAT_EMULATOR_URL", "http://127.0.0.1:9/unreachable")
    app.extensions.pop("wechat", None)

    nomination_id = complete_self_draft(client, alice, brief="违禁测试词出现在简要业绩里。")
    refused = _submit(client, alice, nomination_id)
    assert refused.get_json()["error"]["details"]["fields"] == {"brief": "含有不适宜公开的内容，请修改后再提交"}
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"brief": "带徒十二名。"},
                        headers=alice).status_code == 200
    assert _submit(client, alice, nomination_id).status_code == 200


def test_when_wechat_is_down_the_submission_waits_and_nothing_changes(app, client, login, campaign, monkeypatch):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    monkeypatch.setitem(app.config, "WECHAT_EMULATOR_URL", "http://127.0.0.1:9/unreachable")
    monkeypatch.setitem(app.config, "WECHAT_TIMEOUT", 2)
    app.extensions.pop("wechat", None)
    response = _submit(client, alice, nomination_id)
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "content_check_unavailable"
    assert db.session.scalar(sa.select(Nomination.content_checked_at).where(Nomination.id == nomination_id)) is None
    app.extensions.pop("wechat", None)
