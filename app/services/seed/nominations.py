"""Demo nominations: 64 fictional craftsmen across all channels and all ten places, with photos and
certificate scans, a few earlier title holders and some leads. 58 are submitted (forward only: a status
reached later by review or the shortlist is kept); the self-nominations among them are endorsed through the
endorsement services by a verified representative of the employer, so the review sees a real endorsement.
What happens after submission (review, shortlist) is review.py's, through those services."""
from __future__ import annotations

import functools
import hashlib
import io
import random
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageDraw

from app.extensions import db
from app.models import (PUBLIC_FILE_KINDS, Campaign, HonourRollEntry, Lead, Membership, Nomination,
                        NominationChannel, NominationFile, Organization, User)
from app.models.base import utcnow
from app.services import tokens
from app.services.endorsement import decisions as endorsement
from app.services.materials import sizes
from app.services.materials.storage import get_storage
from app.services.nominations.rules import DISTRICTS, ZONES
from app.services.seed.people import person

FINALISTS = 50
# Where each demo nomination comes from: (nominating org name or None for self, how many).
UNIT_EMPLOYERS = {"市港航物流集团工会": "连云港港航物流集团有限公司", "市第一医疗集团工会": "连云港市第一医疗集团",
                  "市城建控股集团工会": "连云港城建控股集团有限公司", "市供水集团工会": "连云港市供水集团有限公司",
                  "市职业技术学院工会": "连云港市职业技术学院"}
REP_OPENIDS = {"海州区总工会": "dev-rep-haizhou", "市港航物流集团工会": "dev-rep-port",
               "市机械制造行业协会": "dev-rep-machinery", "连云港海缘数控机床有限公司": "dev-rep-cnc"}
# How far submission goes; any later status (review, shortlist) is never moved back.
STATUS_RANK = {"draft": 0, "awaiting_endorsement": 1, "submitted": 1, "endorsed": 2}
HONOUR_ROLL = (  # fictional holders from an earlier campaign
    (2018, "港城十大工匠", "孟繁荣", (1971, 3), "连云港云台港口机械有限公司", "港口机械维修工"),
    (2018, "港城工匠", "沈玉洁", (1978, 9), "东海晶华水晶工艺有限公司", "水晶雕刻工"),
    (2018, "港城工匠", "韩立业", None, "灌云盐河纺织有限公司", "纺织设备维修工"),
)
LEADS = (
    ("马桂兰", "赣榆海丰食品有限公司", "面点师", "她做的煎饼和海鲜包子远近闻名，带了十几个徒弟，值得大家认识。", "13905187701"),
    ("杜海生", "连云港淮海汽车维修有限公司", "汽车钣金工", "钣金修复手艺一流，很多别处修不好的车都送到他这里。", "13905187702"),
    ("夏明远", "高新区智芯电子有限公司", "电子设备装接工", "厂里公认的技术尖子，改进的检测工装省了不少人工。", None),
)


def _user(openid: str, nickname: str) -> User:
    user = db.session.scalars(sa.select(User).where(User.openid == openid)).first()
    if user is None:
        user = User(openid=openid, nickname=nickname, roles=[])
        db.session.add(user)
        db.session.flush()
    return user


def _representative(org: Organization, index: int) -> User:
    user = _user(REP_OPENIDS.get(org.name, f"dev-rep-org{index}"), f"{org.name}联络员")
    if not db.session.scalars(sa.select(Membership).filter_by(user_id=user.id, organization_id=org.id)).first():
        db.session.add(Membership(user_id=user.id, organization_id=org.id, role="representative", verified=True,
                                  verified_at=utcnow()))
    return user


@functools.lru_cache(maxsize=64)
def _picture(seed: int, size: tuple[int, int], kind: str) -> tuple[bytes, str]:
    rng = random.Random(seed)
    if kind == "id_photo":
        image = Image.new("RGB", size, rng.choice([(67, 142, 219), (255, 255, 255), (200, 40, 40)]))
        draw = ImageDraw.Draw(image)
        w, h = size
        draw.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.58), fill=(236, 200, 170))
        draw.rounded_rectangle((w * 0.12, h * 0.62, w * 0.88, h * 1.1), 40, fill=(40, 44, 60))
    else:
        image = Image.new("RGB", size, (rng.randrange(60, 200), rng.randrange(60, 200), rng.randrange(60, 200)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.rectangle((x, y, x + rng.randrange(20, 160), y + rng.randrange(20, 120)),
                           fill=tuple(rng.randrange(256) for _ in range(3)))
        if kind == "certificate":
            draw.rectangle((10, 10, size[0] - 10, size[1] - 10), outline=(180, 20, 20), width=12)
    out = io.BytesIO()
    fmt = "PNG" if kind == "certificate" else "JPEG"
    image.save(out, format=fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue(), f"image/{fmt.lower()}"


@functools.lru_cache(maxsize=64)
def _picture_sizes(seed: int, size: tuple[int, int], kind: str) -> dict[str, bytes]:
    """The demo photo's thumbnail and display size (made once per picture: the demo repeats them)."""
    return sizes.render(_picture(seed, size, kind)[0])


def _attach_materials(nomination: Nomination, seed: int) -> None:
    for n, (kind, size) in enumerate((("id_photo", (240, 320)), ("work_photo", (480, 360)),
                                      ("work_photo", (480, 360)), ("certificate", (600, 420)))):
        data, content_type = _picture((seed * 10 + n) % 40, size, kind)
        key = get_storage().put(data, ".png" if content_type == "image/png" else ".jpg")
        if kind in PUBLIC_FILE_KINDS:  # as an upload gets them (services/materials/uploads.py)
            for name, sized in _picture_sizes((seed * 10 + n) % 40, size, kind).items():
                get_storage().put_at(sizes.size_key(key, name), sized)
        nomination.files.append(NominationFile(kind=kind, content_type=content_type, size=len(data), width=size[0],
                                               height=size[1], sha256=hashlib.sha256(data).hexdigest(),
                                               storage_key=key, uploaded_by_id=nomination.submitted_by_id))


def _plan(orgs: dict[str, Organization]) -> list[tuple[Organization | None, str, str]]:
    """(nominating org or None, employer, district) for each demo nomination, in a stable order."""
    employers = {}
    for org in orgs.values():
        if org.kind.value == "employer":
            employers.setdefault(org.district, []).append(org.name)
    plan = []
    for k in range(3):  # round by round, so that any first rows cover every place
        for place in DISTRICTS + ZONES:
            options = employers[place]
            plan.append((orgs[f"{place}总工会"], options[k % len(options)], place))
    for union, employer in UNIT_EMPLOYERS.items():
        plan += [(orgs[union], employer, "海州区")] * 3
    places = DISTRICTS + ZONES
    for k, name in enumerate(n for n, o in orgs.items() if o.kind.value == "association"):
        for j in range(2):
            place = places[(k * 2 + j) % len(places)]
            plan.append((orgs[name], employers[place][0], place))
    for k in range(9):
        place = places[(k * 3) % len(places)]
        plan.append((None, employers[place][0], place))
    return plan


def _target_status(index: int, channel: NominationChannel) -> str:
    # The 50 future finalists come first; then 8 that review turns down; then 3 drafts, 3 unacknowledged.
    if index >= FINALISTS + 8:
        return "draft" if index < FINALISTS + 11 else (
            "awaiting_endorsement" if channel == NominationChannel.self_nomination else "draft")
    return "endorsed" if channel == NominationChannel.self_nomination else "submitted"


def _endorse(nomination: Nomination, representative: User) -> None:
    """The employer's verified representative confirms with the nominee's code, as after scanning the QR."""
    ttl = timedelta(days=current_app.config["ENDORSEMENT_TOKEN_TTL_DAYS"])
    nominee = db.session.get(User, nomination.nominee_user_id)
    _invitation, code = tokens.issue(endorsement.PURPOSE, nominee, ttl, nomination=nomination)
    db.session.commit()
    endorsement.endorse(representative, code, {"decision": "confirm", "comment": "该同志技术过硬，同意推荐。",
                                               "nomination_id": nomination.id})


def _order(plan: list) -> list:
    """The 50 future finalists first (every channel and place), then 8 turned down, then 6 unfinished."""
    groups = {"county_union": [], "unit_union": [], "association": [], "self": []}
    for row in plan:
        groups[row[0].kind.value if row[0] else "self"].append(row)
    county, unit, assoc, own = groups.values()
    return (county[:26] + unit[:12] + assoc[:6] + own[:6]
            + county[26:29] + unit[12:14] + assoc[6:8] + own[6:7]
            + county[29:] + unit[14:] + assoc[8:] + own[7:])


def seed(campaign: Campaign, orgs: dict[str, Organization]) -> list[Nomination]:
    """The demo's nominations in the plan's order (50 future finalists, 8 turned down, 6 unfinished); commits."""
    with db.session.no_autoflush:
        ordered, to_endorse = _seed(campaign, orgs)
    db.session.commit()
    for nomination in to_endorse:
        _endorse(nomination, _representative(nomination.employer_org, ordered.index(nomination)))
    db.session.commit()
    return ordered


def _seed(campaign: Campaign, orgs: dict[str, Organization]) -> tuple[list[Nomination], list[Nomination]]:
    for year, title, name, born, employer, trade in HONOUR_ROLL:
        if not db.session.scalars(sa.select(HonourRollEntry).filter_by(year=year, name=name)).first():
            db.session.add(HonourRollEntry(year=year, title=title, name=name, employer_name=employer, trade=trade,
                                           birth_month=date(*born, 1) if born else None))
    now = utcnow()
    reps: dict[int, User] = {}
    existing = {(n.name, n.mobile): n for n in db.session.scalars(
        sa.select(Nomination).where(Nomination.campaign_id == campaign.id))}
    ordered, to_endorse = [], []
    for index, (org, employer, district) in enumerate(_order(_plan(orgs))):
        data = person(index, employer, district, campaign.year)
        nomination = existing.get((data["name"], data["mobile"]))
        if nomination is None:
            if org is None:
                worker = _user(f"dev-worker{index:02d}", data["name"])
                channel, filer, nominee = NominationChannel.self_nomination, worker, worker
                employer_org = next(o for o in orgs.values() if o.name == employer)
            else:
                channel = NominationChannel.association if org.kind.value == "association" else NominationChannel.union
                if org.id not in reps:
                    reps[org.id] = _representative(org, index)
                filer, nominee, employer_org = reps[org.id], None, None
            nomination = Nomination(campaign_id=campaign.id, channel=channel, status="draft", submitted_by_id=filer.id,
                                    nominee_user_id=nominee and nominee.id, nominating_org_id=org and org.id,
                                    employer_org_id=employer_org and employer_org.id,
                                    privacy_consent_at=now - timedelta(days=30), **data)
            db.session.add(nomination)
            _attach_materials(nomination, index)
        ordered.append(nomination)
        target = _target_status(index, nomination.channel)
        if STATUS_RANK[target] > STATUS_RANK.get(nomination.status, 99):
            # Submitted as the form would be; the endorsement itself goes through its service below.
            nomination.status = "awaiting_endorsement" if target == "endorsed" else target
            nomination.submitted_at = nomination.submitted_at or now - timedelta(days=20, minutes=index)
            nomination.content_checked_at = nomination.content_checked_at or nomination.submitted_at
        if target == "endorsed" and nomination.status == "awaiting_endorsement":
            to_endorse.append(nomination)
    recommender = _user("dev-carol", "陈思远")
    for name, employer, trade, reason, contact in LEADS:
        if not db.session.scalars(sa.select(Lead).filter_by(campaign_id=campaign.id, name=name)).first():
            db.session.add(Lead(campaign_id=campaign.id, recommender_id=recommender.id, name=name, employer=employer,
                                trade=trade, reason=reason, contact=contact, status="new"))
    return ordered, to_endorse
