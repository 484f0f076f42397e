"""WeChat's subscribe-message field types, enforced before sending so WeChat never answers 47003.

Each keyword of a template has a type (the prefix of its name: thing1, name2, phrase3, time4 …) with a
length and a set of allowed characters. `fit(kind, value)` turns any value into one WeChat accepts:
control characters and line breaks removed, characters the type refuses dropped, and text longer than
the limit cut at a whole character (never inside a surrogate pair, a combining mark or an emoji
sequence) with an ellipsis where it was cut. Types that must stay exact (numbers, times) are refused
with FieldValueError rather than altered.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ELLIPSIS = "…"
ASCII_ELLIPSIS = "..."
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


class FieldValueError(ValueError):
    """A value cannot be made to fit its field without changing what it says."""


@dataclass(frozen=True)
class FieldRule:
    limit: int
    allowed: re.Pattern | None  # one allowed character; None: any printable character
    ellipsis: str | None  # what marks a cut; None: a cut is refused (FieldValueError)
    label: str


CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
RULES: dict[str, FieldRule] = {
    "thing": FieldRule(20, None, ELLIPSIS, "20个以内字符"),
    "phrase": FieldRule(5, re.compile(f"[{CJK}]"), "", "5个以内汉字"),
    "character_string": FieldRule(32, re.compile(r"[!-~]"), ASCII_ELLIPSIS, "32位以内数字、字母或符号"),
    "letter": FieldRule(32, re.compile(r"[A-Za-z]"), "", "32位以内字母"),
    "number": FieldRule(32, re.compile(r"[0-9.]"), None, "32位以内数字"),
    "amount": FieldRule(16, re.compile(r"[0-9.¥￥$元]"), None, "币种符号+10位以内数字"),
    "phone_number": FieldRule(17, re.compile(r"[0-9+()-]"), None, "17位以内数字、符号"),
}
# name: 10 Chinese characters, or 20 letters and symbols when it has no Chinese character.
NAME_CJK_LIMIT, NAME_LATIN_LIMIT = 10, 20
TIME_KINDS = ("time", "date")
KINDS = (*RULES, "name", *TIME_KINDS)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_HAS_CJK = re.compile(f"[{CJK}]")
_WECHAT_TIME = re.compile(
    r"(\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}:\d{2}(:\d{2})?)"
    r"(~(\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}:\d{2}(:\d{2})?))?")
_WECHAT_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?"
                          r"(~\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?)?")


def kind_of(keyword: str) -> str:
    """The type of a template keyword from its name: "thing12" → "thing", "character_string3" → "character_string"."""
    kind = keyword.rstrip("0123456789")
    if kind not in KINDS:
        raise FieldValueError(f"unknown field type in {keyword!r}")
    return kind


def clean(text: str) -> str:
    """No control characters; line breaks and tabs become one space; spaces trimmed at both ends."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _joins_previous(char: str) -> bool:
    # Characters that belong to the one before them: cutting before them would split a character.
    code = ord(char)
    return (unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Me")
            or code == 0x200D or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F)


def safe_cut(text: str, size: int) -> str:
    """The longest prefix of at most `size` characters that ends on a whole (user-perceived) character."""
    if len(text) <= size:
        return text
    end = max(size, 0)
    # Step back while the next character still belongs to the previous one, or the last kept is a joiner.
    while end > 0 and (_joins_previous(text[end]) or text[end - 1] == "\u200d"):
        end -= 1
    return text[:end]


def truncate(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits in `limit` characters, else a whole-character prefix followed by `ellipsis`."""
    if len(text) <= limit:
        return text
    return safe_cut(text, limit - len(ellipsis)).rstrip() + ellipsis


def _format_time(value: object, kind: str) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        local = moment.astimezone(LOCAL_ZONE)
        return f"{local.year}年{local.month}月{local.day}日 {local.hour:02d}:{local.minute:02d}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = clean(str(value))
    parsers = (date.fromisoformat, datetime.fromisoformat) if len(text) == 10 else (datetime.fromisoformat,)
    for parse in parsers:
        try:
            return _format_time(parse(text), kind)
        except ValueError:
            continue
    pattern = _WECHAT_TIME if kind == "time" else _WECHAT_DATE
    if pattern.fullmatch(text):
        return text
    raise FieldValueError(f"{kind} 字段须为微信的时间格式（如 2019年10月1日 15:01），而不是 {text!r}")


def fit(kind: str, value: object) -> str:
    """The value as WeChat accepts it for a keyword of type `kind`; FieldValueError when it cannot."""
    if kind in TIME_KINDS:
        return _format_time(value, kind)
    text = clean("" if value is None else str(value))
    if kind == "name":
        limit = NAME_CJK_LIMIT if _HAS_CJK.search(text) else NAME_LATIN_LIMIT
        result = truncate(text, limit)
    else:
        rule = RULES.get(kind)
        if rule is None:
            raise FieldValueError(f"unknown field type {kind!r}")
        if rule.allowed is not None:
            text = "".join(ch for ch in text if rule.allowed.fullmatch(ch))
        if len(text) > rule.limit and rule.ellipsis is None:
            raise FieldValueError(f"{kind} 字段最多 {rule.limit} 位，不能截断：{text!r}")
        result = truncate(text, rule.limit, rule.ellipsis or "")
    if not result:
        raise FieldValueError(f"{kind} 字段不能为空")
    return result


def check(kind: str, text: str) -> str | None:
    """Why WeChat would refuse `text` for a keyword of type `kind`, or None (the emulator's 47003 rule)."""
    if not isinstance(text, str) or not text:
        return "empty"
    if _CONTROL.search(text):
        return "control character"
    if kind in TIME_KINDS:
        return None if (_WECHAT_TIME if kind == "time" else _WECHAT_DATE).fullmatch(text) else "format"
    if kind == "name":
        limit = NAME_CJK_LIMIT if _HAS_CJK.search(text) else NAME_LATIN_LIMIT
        return None if len(text) <= limit else "too long"
    rule = RULES.get(kind)
    if rule is None:
        return "unknown type"
    if len(text) > rule.limit:
        return "too long"
    if rule.allowed is not None and not all(rule.allowed.fullmatch(ch) for ch in text):
        return "character not allowed"
    return None
