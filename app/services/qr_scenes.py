"""Parametric QR scenes of the official account (`scene_str`, 1–64 characters).

A scene is `kind:value`: `nominee:12` on a nominee's poster, `endorse:<token>` and
`representative:<token>` on codes for organizations (the same tokens as the mini-program's codes,
services/endorsement and services/organizations), `invite:<code>` on an invitation. Scanning one
in WeChat (SCAN, or subscribe with a scene) leads to the mini-program page that reads it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.services.endorsement import decisions
from app.services.nominations import invitations
from app.services.organizations import representatives

NOMINEE_PAGE = "pages/nominee/index"
# kind → (the mini-program page, the parameter it reads, what the person is asked to do there)
PAGES = {
    "endorse": (decisions.PAGE, "token", "确认是否认可职工的自荐申报"),
    "representative": (representatives.PAGE, "token", "成为单位代表"),
    "invite": (invitations.PAGE, "code", "核对并完善推荐信息"),
}
KINDS = ("nominee", *PAGES)
VALUE = re.compile(r"[A-Za-z0-9_.~-]{1,56}")


@dataclass(frozen=True)
class Scene:
    kind: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.value}"

    @property
    def page(self) -> str:
        """The mini-program page with its parameter, e.g. `pages/endorse/index?token=…`."""
        if self.kind == "nominee":
            return f"{NOMINEE_PAGE}?id={self.value}"
        page, parameter, _ = PAGES[self.kind]
        return f"{page}?{parameter}={self.value}"

    @property
    def purpose(self) -> str:
        return "查看工匠事迹并点赞" if self.kind == "nominee" else PAGES[self.kind][2]


def parse(text: str | None) -> Scene | None:
    """The scene of a QR the follower scanned; None for anything this product did not issue.

    WeChat prefixes the scene with `qrscene_` in a subscribe event (not in SCAN)."""
    if not text:
        return None
    text = text.removeprefix("qrscene_")
    kind, _, value = text.partition(":")
    if kind not in KINDS or not VALUE.fullmatch(value) or (kind == "nominee" and not value.isdigit()):
        return None
    return Scene(kind, value)

