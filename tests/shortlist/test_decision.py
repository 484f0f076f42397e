"""The leadership group's decision: date, meeting, attendees and the minutes as a checked file."""
from __future__ import annotations

import io
import zipfile

import pytest

from app.extensions import db
from app.models import ShortlistDecision
from app.services.errors import DomainError
from app.services.materials.storage import get_storage
from app.services.shortlist import decision
from tests.factories.shortlist import minutes_docx, minutes_jpeg, minutes_pdf
from tests.shortlist.conftest import record_decision


def save(review, minutes=None, name="纪要", **fields):
    values = {"decided_on": "2019-07-20", "meeting": "选树活动领导小组第二次会议", "attendees": "张主席、李副主席"}
    values.update(fields)
    return decision.save(review["organizer"], review["campaign"],
                         minutes=decision.Minutes(minutes, name) if minutes is not None else None, **values)


def docx_with(extra: dict[str, bytes], content_types: str | None = None) -> bytes:
    """A real .docx with parts added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(minutes_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml" and content_types:
                data = data.replace(b"wordprocessingml.document.main+xml", content_types.encode())
            if item.filename not in extra:
                target.writestr(item.filename, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("make, content_type", [(minutes_pdf, "application/pdf"), (minutes_jpeg, "image/jpeg"),
                                                 (minutes_docx, decision.documents.DOCX_TYPE)])
def test_minutes_may_be_a_pdf_a_scan_or_a_word_document(review, make, content_type):
    saved = save(review, make(), "第二次会议纪要")
    assert saved.minutes_content_type == content_type and saved.minutes_name == "第二次会议纪要"
    row, data = decision.open_minutes(review["organizer"], saved.id)
    assert data[:2] in (b"%P", b"\xff\xd8", b"PK")
    assert decision.missing_for_confirmation(row) == []


def test_a_new_file_replaces_the_old_one_and_the_old_bytes_go(review):
    first = record_decision(review)
    old_key = first.minutes_storage_key
    second = save(review, minutes_docx(), "更正后的纪要.docx", meeting="选树活动领导小组第二次会议（更正）")
    assert second.id == first.id and second.minutes_storage_key != old_key
    with pytest.raises(FileNotFoundError):
        get_storage().get(old_key)
    # Saving the fields again without a file keeps the minutes.
    third = save(review, None, attendees="张主席、李副主席、周部长")
    assert third.minutes_storage_key == second.minutes_storage_key


@pytest.mark.parametrize("fields, field, words", [
    ({"decided_on": ""}, "decided_on", "请填写会议日期"),
    ({"decided_on": "2099-01-01"}, "decided_on", "不能晚于今天"),
    ({"decided_on": "7月20日"}, "decided_on", "格式"),
    ({"meeting": " "}, "meeting", "请填写会议名称"),
    ({"meeting": "会" * 121}, "meeting", "不能超过120字"),
    ({"attendees": ""}, "attendees", "请填写参会人员"),
])
def test_bad_fields_are_refused_in_chinese_and_nothing_is_kept(review, fields, field, words):
    with pytest.raises(DomainError) as refused:
        save(review, minutes_pdf(), **fields)
    assert refused.value.status == 422 and words in refused.value.details["fields"][field]
    assert db.session.query(ShortlistDecision).count() == 0


@pytest.mark.parametrize("data, code, words", [
    (b"MZ\x90\x00" + b"\x00" * 100, "unsupported_file_type", "PDF、Word"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported_file_type", ".doc"),
    (b"PK\x03\x04 not really a zip", "file_damaged", "Word"),
    (b"", "empty_file", "空"),
])
def test_files_that_are_not_documents_are_refused(review, data, code, words):
    with pytest.raises(DomainError) as refused:
        save(review, data)
    assert refused.value.code == code and words in refused.value.message
    assert db.session.query(ShortlistDecision).count() == 0


@pytest.mark.parametrize("extra, content_types", [
    ({"word/vbaProject.bin": b"\x00" * 64}, None),  # macros
    ({}, "macroEnabled.main+xml"),  # a .docm renamed .docx
    ({"word/embeddings/oleObject1.bin": b"\x00" * 64}, None),  # an embedded program
    ({"word/_rels/settings.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
      b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
      b'2006/relationships/attachedTemplate" Target="http://203.0.113.9/t.dotm" TargetMode="External"/>'
      b'</Relationships>'}, None),  # a remote template
])
def test_word_files_with_macros_objects_or_remote_templates_are_refused(review, extra, content_types):
    with pytest.raises(DomainError) as refused:
        save(review, docx_with(extra, content_types))
    assert refused.value.code == "file_rejected" and "宏" in refused.value.message


def test_a_word_file_with_an_ordinary_link_is_accepted(review):
    link = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'hyperlink" Target="https://www.lyg.gov.cn/" TargetMode="External"/></Relationships>')
    saved = save(review, docx_with({"word/_rels/document.xml.rels": link}))
    assert saved.minutes_content_type == decision.documents.DOCX_TYPE
