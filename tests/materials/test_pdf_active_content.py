"""Certificate PDFs: anything that could run, launch or unpack something is refused wherever it hides in the
object graph (annotations, widgets, outlines, action chains, name trees), with a Chinese message, and nothing
is stored; a plain PDF is kept and served as an attachment, never inline."""
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NumberObject, RectangleObject,
                           TextStringObject)

from app.extensions import db
from app.models import NominationFile
from app.services.materials import file_checks
from tests.factories.nominations import campaign, pdf_bytes, upload  # noqa: F401


def _name(value: str) -> NameObject:
    return NameObject(value)


def _js(code: str = "app.alert('x');") -> DictionaryObject:
    return DictionaryObject({_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject(code)})


def _uri(**extra) -> DictionaryObject:
    return DictionaryObject({_name("/S"): _name("/URI"), _name("/URI"): TextStringObject("https://example.com/"),
                             **{_name(f"/{k}"): v for k, v in extra.items()}})


def _pdf(build) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    build(writer, page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotate(writer: PdfWriter, page, annotation: DictionaryObject) -> None:
    annotation.update({_name("/Type"): _name("/Annot"), _name("/Rect"): RectangleObject([10, 10, 100, 100])})
    page[_name("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _link_with_aa(writer, page):
    _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/Link"), _name("/A"): _uri(),
                                              _name("/AA"): DictionaryObject({_name("/E"): _js()})}))


def _widget_with_aa(writer, page):
    widget = DictionaryObject({_name("/Subtype"): _name("/Widget"), _name("/FT"): _name("/Tx"),
                               _name("/T"): TextStringObject("name"),
                               _name("/AA"): DictionaryObject({_name("/K"): _js("event.value='';")})})
    _annotate(writer, page, widget)
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {_name("/Fields"): ArrayObject([page["/Annots"][0]])})


def _uri_with_javascript_next(writer, page):
    # Three harmless-looking links deep, then a script.
    chain = _uri(Next=writer._add_object(_uri(Next=_uri(Next=writer._add_object(_js())))))
    _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/Link"), _name("/A"): chain}))


def _outline_with_javascript(writer, page):
    writer.add_outline_item(title="证书", page_number=0)
    item = writer._root_object["/Outlines"]["/First"].get_object()
    item[_name("/A")] = _js()


def _launch(writer, page):
    launch = DictionaryObject({_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("calc.exe")})
    _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/Link"), _name("/A"): launch}))


def _embedded_file(writer, page):
    writer.add_attachment("readme.txt", b"hello")


def _file_attachment_annotation(writer, page):
    _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/FileAttachment"),
                                              _name("/Contents"): TextStringObject("附件")}))


def _rich_media(writer, page):
    _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/RichMedia")}))


def _xfa(writer, page):
    writer._root_object[_name("/AcroForm")] = DictionaryObject(
        {_name("/Fields"): ArrayObject(), _name("/XFA"): TextStringObject("<xdp:xdp/>")})


ACTIVE = {
    "javascript in a link's /AA": _link_with_aa,
    "javascript in a widget's /AA": _widget_with_aa,
    "javascript at the end of a URI action's /Next chain": _uri_with_javascript_next,
    "javascript in an outline item's /A": _outline_with_javascript,
    "launch action": _launch,
    "embedded file": _embedded_file,
    "file attachment annotation": _file_attachment_annotation,
    "rich media annotation": _rich_media,
    "xfa form": _xfa,
}


def _stored_state(app):
    files = sorted(p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file())
    return files, db.session.scalar(sa.select(sa.func.count(NominationFile.id)))


def _refused(app, client, login, data):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    before = _stored_state(app)
    response = upload(client, alice, nomination_id, "certificate", data, "证书.pdf", "application/pdf")
    assert _stored_state(app) == before  # nothing stored
    return response


@pytest.mark.parametrize("case", list(ACTIVE))
def test_active_content_anywhere_in_a_pdf_is_refused_and_nothing_is_stored(app, client, login, campaign, case):
    response = _refused(app, client, login, _pdf(ACTIVE[case]))
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"] == {"code": "file_rejected", "message": file_checks.MESSAGES["pdf_active"]}
    assert "脚本" in response.get_json()["error"]["message"]


def test_a_pdf_with_more_objects_than_the_bound_is_refused(app, client, login, campaign, monkeypatch):
    def many_objects(writer, page):
        page[_name("/Extra")] = ArrayObject(writer._add_object(DictionaryObject({_name("/N"): NumberObject(i)}))
                                            for i in range(200))

    monkeypatch.setattr(file_checks, "PDF_MAX_OBJECTS", 100)
    response = _refused(app, client, login, _pdf(many_objects))
    assert response.status_code == 400
    assert response.get_json()["error"] == {"code": "file_rejected", "message": file_checks.MESSAGES["pdf_complex"]}


def test_a_plain_pdf_with_a_link_is_kept_and_served_as_an_attachment(client, login, campaign):
    def plain_link(writer, page):
        _annotate(writer, page, DictionaryObject({_name("/Subtype"): _name("/Link"), _name("/A"): _uri()}))
        writer.add_outline_item(title="证书", page_number=0)

    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    for data in (pdf_bytes(), _pdf(plain_link)):
        stored = upload(client, alice, nomination_id, "certificate", data, "证书.pdf", "application/pdf")
        assert stored.status_code == 201, stored.get_json()
        served = client.get(stored.get_json()["url"].removeprefix("http://127.0.0.1:8000"))
        assert served.status_code == 200 and served.mimetype == "application/pdf"
        disposition = served.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and f'filename="certificate-{stored.get_json()["id"]}.pdf"' \
            in disposition
