"""Factories and fixtures for the nomination tests: files, complete forms, campaigns, organizations."""
from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfWriter

from app.extensions import db
from app.models import Membership, Organization, OrganizationKind, User
from app.models.base import utcnow

STORY = ("他扎根一线二十年，刻苦钻研技术，带领班组攻克多项工艺难题，培养了一批青年技术骨干。" * 40)[:1500]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"


def jpeg_bytes(size=(800, 600), color=(120, 160, 200), exif=None, **save) -> bytes:
    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 40):  # some detail, so the picture is not trivially compressible
        image.paste((x % 255, 90, 200 - x % 200), (x, 0, x + 20, size[1] // 2))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, **({"exif": exif} if exif is not None else {}), **save)
    return out.getvalue()


def png_bytes(size=(400, 300), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 150, 90)).save(out, format="PNG", **save)
    return out.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def form(i: int = 0, **overrides) -> dict:
    """Every field of the form, complete and valid; `i` makes a different person."""
    values = {
        "name": f"{SURNAMES[i % len(SURNAMES)]}{'建国' if i < len(SURNAMES) else '立新'}",
        "gender": "男", "political_status": "中共党员", "birth_month": "1980-05", "education": "大专",
        "trade": "数控车工", "skill_level": "高级技师", "trade_since": "2005-03", "post": "数控车间班长",
        "mobile": f"1380518{i:04d}", "employer_name": "连云港海缘数控机床有限公司", "district": "海州区",
        "career": "2005年3月起在连云港海缘数控机床有限公司从事数控车工工作，2012年起任班长。",
        "awards": "2017年获连云港市技术能手称号；2018年获市职工技能大赛一等奖。",
        "deeds": "主持技术革新五项，年节约成本八十万元；带徒十二名。" * 5,
        "story": STORY, "brief": "从事数控车工十五年，主持技术革新五项，带徒十二名。",
        "conditions": [{"condition": 2, "evidence": "2018年市职工技能大赛数控车工第一名"}],
        "priority_chief_employee": True, "priority_innovation_award": False, "privacy_consent": True,
    }
    values.update(overrides)
    return values


def upload(client, headers, nomination_id, kind, data, filename="photo.jpg", content_type="image/jpeg"):
    return client.post(f"/api/v1/nominations/{nomination_id}/files", headers=headers,
                       data={"kind": kind, "file": (io.BytesIO(data), filename, content_type)},
                       content_type="multipart/form-data")


def attach_materials(client, headers, nomination_id) -> None:
    for kind, data, name, ctype in (("id_photo", jpeg_bytes((300, 400)), "id.jpg", "image/jpeg"),
                                    ("work_photo", jpeg_bytes(), "work1.jpg", "image/jpeg"),
                                    ("work_photo", png_bytes(), "work2.png", "image/png"),
                                    ("certificate", pdf_bytes(), "cert.pdf", "application/pdf")):
        response = upload(client, headers, nomination_id, kind, data, name, ctype)
        assert response.status_code == 201, response.get_json()


def complete_self_draft(client, headers, **overrides) -> int:
    created = client.post("/api/v1/nominations", json={"channel": "self"}, headers=headers)
    assert created.status_code == 201, created.get_json()
    nomination_id = created.get_json()["id"]
    changed = client.patch(f"/api/v1/nominations/{nomination_id}", json=form(**overrides), headers=headers)
    assert changed.status_code == 200, changed.get_json()
    attach_materials(client, headers, nomination_id)
    return nomination_id


def complete_org_draft(client, headers, org_id, i: int, **overrides) -> int:
    created = client.post(f"/api/v1/organizations/{org_id}/nominations", json=form(i, **overrides), headers=headers)
    assert created.status_code == 201, created.get_json()
    nomination_id = created.get_json()["id"]
    attach_materials(client, headers, nomination_id)
    return nomination_id


@pytest.fixture
def campaign(ctx):
    """The 2019 campaign with the nomination stage open (a manual switch, as in the demo)."""
    from app.services.campaigns import stages
    from app.services.campaigns.creation import create_campaign

    created = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.flush()
    stages.set_override(created, "nomination", actor_label="test")
    db.session.commit()
    return created


def set_stage(key: str) -> None:
    from app.services.campaigns import stages

    stages.set_override(stages.current_campaign(), key, actor_label="test")
    db.session.commit()


def make_org(name: str, kind: OrganizationKind, quota: int | None = None, district: str | None = None) -> int:
    org = Organization(name=name, kind=kind, quota=quota, district=district)
    db.session.add(org)
    db.session.commit()
    return org.id


def make_representative(login, who: str, org_id: int, verified: bool = True) -> dict:
    """Log `who` in and make them a (verified) representative of the organization."""
    headers = login(who)
    user = db.session.scalars(sa.select(User).where(User.openid == f"dev-{who}")).one()
    db.session.add(Membership(user_id=user.id, organization_id=org_id, role="representative", verified=verified,
                              verified_at=utcnow() if verified else None))
    db.session.commit()
    return headers


def user_named(who: str) -> User:
    return db.session.scalars(sa.select(User).where(User.openid == f"dev-{who}")).one()


def month(text: str) -> date:
    year, mon = text.split("-")
    return date(int(year), int(mon), 1)
