"""WeChat's subscribe-message field types: values are fitted before sending, never cut inside a character."""
from datetime import date, datetime, timezone

import pytest

from app.services.notifications.fields import FieldValueError, check, clean, fit, kind_of, safe_cut, truncate


def test_thing_is_cut_to_20_characters_with_an_ellipsis():
    value = fit("thing", "连云港市海州区某某精密机械制造有限公司数控车间")
    assert len(value) == 20 and value.endswith("…")
    assert value == "连云港市海州区某某精密机械制造有限公司数"[:19] + "…"
    assert fit("thing", "审核通过") == "审核通过"  # short values are untouched
    assert check("thing", value) is None


def test_name_allows_10_chinese_or_20_latin_characters():
    assert fit("name", "王晓燕") == "王晓燕"
    long_chinese = fit("name", "阿卜杜热合曼·买买提依明·艾力")
    assert len(long_chinese) == 10 and long_chinese.endswith("…")
    assert fit("name", "Alexander Hamilton-Smith Jr") == "Alexander Hamilton-…"
    assert check("name", "阿卜杜热合曼买买提依明") == "too long"


def test_phrase_keeps_only_chinese_characters_up_to_five():
    assert fit("phrase", "审核通过") == "审核通过"
    assert fit("phrase", "已通过（复审）") == "已通过复审"
    assert fit("phrase", "港城十大工匠") == "港城十大工"  # no room for an ellipsis that is not Chinese
    assert check("phrase", "通过!") == "character not allowed"


def test_character_string_number_and_letter_follow_their_characters():
    assert fit("character_string", "GC-2019-0042") == "GC-2019-0042"
    assert fit("character_string", "编号 GC 42") == "GC42"  # spaces and Chinese are not allowed
    cut = fit("character_string", "A" * 40)
    assert len(cut) == 32 and cut.endswith("...")
    assert fit("letter", "abc123DEF") == "abcDEF"
    assert fit("number", "10000") == "10000"
    with pytest.raises(FieldValueError):
        fit("number", "1" * 33)  # a number is never altered


def test_time_and_date_in_wechats_formats():
    moment = datetime(2019, 10, 1, 7, 1, tzinfo=timezone.utc)  # 15:01 in Lianyungang
    assert fit("time", moment) == "2019年10月1日 15:01"
    assert fit("date", date(2019, 4, 1)) == "2019年4月1日"
    assert fit("date", "2019-11-30") == "2019年11月30日"
    assert fit("time", "2019年10月1日 15:01") == "2019年10月1日 15:01"
    with pytest.raises(FieldValueError):
        fit("time", "下周一")
    assert check("date", "2019/10/01") == "format"


def test_control_characters_and_line_breaks_never_reach_wechat():
    assert clean("第一行\n第二行\t\x00结束\u2028") == "第一行 第二行 结束"
    assert fit("thing", "答复：\r\n同意") == "答复： 同意"
    assert check("thing", "a\nb") == "control character"


def test_a_cut_never_splits_a_character():
    family = "👨\u200d👩\u200d👧"  # one emoji of five code points
    text = "工匠" + family + "之家"
    for size in range(len(text)):
        kept = safe_cut(text, size)
        assert text.startswith(kept)
        assert family in kept or "👨" not in kept  # the whole family or none of it
    accented = "Jose\u0301 Marti\u0301 Pérez"  # combining accents stay with their letters
    assert not safe_cut(accented, 5).endswith("e")  # "José" would lose its accent: cut before the e instead
    assert truncate("😀" * 30, 20).count("😀") == 19  # astral characters count as one each


def test_the_type_comes_from_the_keyword_name():
    assert kind_of("thing12") == "thing" and kind_of("character_string3") == "character_string"
    with pytest.raises(FieldValueError):
        kind_of("colour1")
