"""The content check every user-written text passes before it is shown publicly.

CONTENT_CHECK=wechat (default): WeChat's msg_sec_check through wechatpy (the local emulator when WeChat
is not configured); CONTENT_CHECK=local: a local word list, for deployments that run without WeChat.
Both also refuse the campaign's own words (vote-brushing talk) and those of CONTENT_CHECK_WORDS_FILE.
"""
from __future__ import annotations

import logging
from pathlib import Path

import requests
from flask import current_app
from wechatpy.exceptions import WeChatClientException

from app.services.errors import DomainError
from app.wechat import get_wechat

log = logging.getLogger(__name__)

RISKY_ERRCODE = 87014
# Words that have no place in a public profile of this campaign, whatever WeChat says.
CAMPAIGN_WORDS = ("刷票", "代刷", "买票", "拉票", "投票群")
# Used instead of WeChat when CONTENT_CHECK=local (WeChat's own list is larger and kept current).
LOCAL_WORDS = ("赌博", "博彩", "代开发票", "发票代开", "毒品", "色情", "法轮功", "枪支", "办证")
# WeChat checks at most 2,500 characters of content at a time.
CHUNK = 2500


def _word_list() -> tuple[str, ...]:
    path = current_app.config.get("CONTENT_CHECK_WORDS_FILE")
    words = list(CAMPAIGN_WORDS)
    if current_app.config["CONTENT_CHECK"] == "local":
        words += LOCAL_WORDS
    if path:
        words += [w.strip() for w in Path(path).read_text(encoding="utf-8").splitlines() if w.strip()]
    return tuple(words)


def _passes_word_list(text: str) -> bool:
    return not any(word in text for word in _word_list())


def _passes_wechat(text: str) -> bool:
    try:
        for start in range(0, len(text), CHUNK):
            get_wechat().mini.wxa.check_text_security(text[start:start + CHUNK])
    except WeChatClientException as exc:
        if exc.errcode == RISKY_ERRCODE:
            return False
        log.warning("msg_sec_check failed: %s", exc)
        raise unavailable() from exc
    except requests.RequestException as exc:
        log.warning("msg_sec_check unreachable: %s", exc)
        raise unavailable() from exc
    return True


def unavailable() -> DomainError:
    return DomainError("content_check_unavailable", "内容安全检查暂时不可用，请稍后再试", 503)


def passes(text: str | None) -> bool:
    text = (text or "").strip()
    if not text:
        return True
    if not _passes_word_list(text):
        return False
    if current_app.config["CONTENT_CHECK"] == "local":
        return True
    return _passes_wechat(text)


def require_clean(texts: dict[str, str | None], labels: dict[str, str] | None = None) -> None:
    """Check each named text; refuse with the fields that did not pass."""
    bad = {field: "含有不适宜公开的内容，请修改后再提交" for field, text in texts.items() if not passes(text)}
    if bad:
        labels = labels or {}
        named = "、".join(labels.get(field, field) for field in bad)
        raise DomainError("content_rejected", f"以下内容未通过内容安全检查：{named}", 400, details={"fields": bad})
