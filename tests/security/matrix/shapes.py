"""The matrix's vocabulary: a row, an outcome, the usual role profiles and the world's secrets to look for."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from tests.security.world import ROLES


@dataclass(frozen=True)
class See:
    status: int
    shows: tuple = ()
    hides: tuple = ()


@dataclass
class Row:
    method: str
    path: str
    expect: dict
    rule: str | None = None  # for the reader: the URL rule the path reaches (checked when given)
    json: object = None  # a body, or a function of the world's ids giving one
    data: object = None  # a form (console) or a multipart body builder (API uploads)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def roles(default, **exceptions) -> dict:
    unknown = set(exceptions) - set(ROLES)
    assert not unknown, unknown
    return {role: exceptions.get(role, default) for role in ROLES}


def jpeg() -> dict:
    from tests.factories.nominations import jpeg_bytes

    return {"kind": "work_photo", "file": (io.BytesIO(jpeg_bytes((320, 240))), "w.jpg", "image/jpeg")}


def evidence() -> dict:
    from tests.factories.nominations import jpeg_bytes

    return {"file": (io.BytesIO(jpeg_bytes((320, 240))), "e.jpg", "image/jpeg")}


# --- profiles -------------------------------------------------------------------------------------------
PUBLIC = EVERYONE = roles(200)  # anyone: public reads do not read the token
NOWHERE = roles(404)  # nothing there for anyone (an id the world lacks)
API_USER = roles(200, anonymous=401, disabled=403)  # any logged-in WeChat user, about themselves
API_ORGANIZER = roles(403, anonymous=401, organizer=200)
CONSOLE_NONE = dict.fromkeys(("anonymous", "public", "nominee", "rep_own", "rep_other", "rep_revoked"), 302)


def org_get(organizer=200, **more) -> dict:
    """A console page for organizers: the others without a console session go to the login, experts 403."""
    return {**CONSOLE_NONE, "expert": 403, "expert_conflicted": 403, "organizer": organizer, "disabled": 302, **more}


def org_post(organizer, **more) -> dict:
    return {**CONSOLE_NONE, "expert": 403, "expert_conflicted": 403, "organizer": organizer, "disabled": 400, **more}


OWNER_READ = roles(404, anonymous=401, nominee=200, rep_own=200, organizer=200, disabled=403)
SECRET_MOBILE, OBJECTOR_MOBILE = "13805180001", "13905180000"  # F's mobile (form(1)) and the objector's
OTHER_EXPERTS_COMMENT = "钱高工草稿评语"
