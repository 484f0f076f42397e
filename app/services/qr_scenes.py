"""Parametric QR scenes of the official account (`scene_str`, 1–64 characters).

A scene is `kind:value`: `nominee:12` on a nominee's poster, `endorse:<token>` and
`representative:<token>` on codes for organizations (the same tokens as the mini-program's codes,
services/endorsement and services/organizations), `invite:<code>` on an invitation. Scanning one
in WeChat (SCAN, or subscribe with a scene) leads to the mini-program page that reads it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app

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



LANDINGS = {"nominee": "/mp/nominee?id=", "endorse": "/mp/endorse?token=", "representative": "/mp/representative?token="}


def landing_url(scene: Scene | None = None) -> str:
    """The web address that opens the scene's mini-program page when scanned (app/api/links.py), else the site."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if scene is None or scene.kind not in LANDINGS:
        return base + "/"
    return f"{base}{LANDINGS[scene.kind]}{scene.value}"


def mini_program_link(page: str, label: str, fallback_url: str | None = None) -> str:
    """A link in a text reply that opens the mini-program's page (the account and the mini-program are linked)."""
    return (f'<a data-miniprogram-appid="{current_app.config["WECHAT_MINI_APPID"]}" '
            f'data-miniprogram-path="{page}" href="{fallback_url or landing_url()}">{label}</a>')


def absolute(url: str | None) -> str:
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else current_app.config["PUBLIC_BASE_URL"] + url
