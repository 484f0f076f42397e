"""The HTML an article may hold: paragraphs, headings, bold, lists, pictures and links, nothing else.

nh3 (ammonia) parses and rebuilds the fragment, so what comes out is well-formed and quoted the same way
every time. Links go to http/https only; pictures come from this system's uploads or from https. Our own
pictures are stored as the relative `/api/v1/article-images/<id>`; each reader gets them absolute
(the public API) or through the console's own route (the editor and preview).
"""
from __future__ import annotations

import html
import re

import nh3
from flask import current_app

TAGS = {"p", "br", "h2", "h3", "strong", "b", "ul", "ol", "li", "a", "img"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "title"}
IMAGE_PATH = "/api/v1/article-images/"
# Where our own pictures may be addressed from: the API (relative or absolute) and the console's route.
OWN_IMAGE = re.compile(r"^(?:/api/v1/article-images/|/console/articles/images/)(\d{1,10})(?:\?[^\"]*)?$")
IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
# A link whose address was refused keeps its words, not an empty anchor.
LINK_WITHOUT_HREF = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.DOTALL)
MAX_BODY = 100_000


def _own_image(value: str) -> str | None:
    base = current_app.config["PUBLIC_BASE_URL"]
    if value.startswith(base + "/"):
        value = value[len(base):]
    match = OWN_IMAGE.match(value)
    return f"{IMAGE_PATH}{int(match.group(1))}" if match else None


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        own = _own_image(value)
        if own:
            return own
        return value if value.lower().startswith("https://") else None
    if tag == "a" and attribute == "href":
        return value if value.lower().startswith(("http://", "https://")) else None
    return value


def _relative(value: str) -> str | None:
    # Only our own pictures may be relative; a relative link would point into this system.
    return _own_image(value)


def clean(raw: str | None) -> str:
    """The allowed subset of `raw`, canonical: what is stored and what every reader is given."""
    cleaned = nh3.clean(raw or "", tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_attribute,
                        clean_content_tags=DROPPED_WITH_CONTENT, url_schemes={"http", "https"},
                        url_relative=_relative, link_rel="noopener noreferrer")
    cleaned = LINK_WITHOUT_HREF.sub(r"\1", IMG_WITHOUT_SRC.sub("", cleaned))
    return EMPTY_PARAGRAPH.sub("", cleaned).strip()


def text_of(body: str) -> str:
    """The words of a cleaned body, blocks separated by spaces (for the content check and the summary)."""
    spaced = re.sub(r"</?(p|h2|h3|li|ul|ol)>|<br>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(nh3.clean(spaced, tags=set()))).strip()


def image_ids(body: str) -> list[int]:
    return [int(m) for m in re.findall(r'src="/api/v1/article-images/(\d+)"', body)]


def for_public(body: str) -> str:
    """Own pictures made absolute, for the mini-program's rich-text (it has no page address to resolve from)."""
    return body.replace(f'src="{IMAGE_PATH}', f'src="{current_app.config["PUBLIC_BASE_URL"]}{IMAGE_PATH}')


def for_console(body: str) -> str:
    """Own pictures through the console's route, which shows organizers drafts' pictures too."""
    return body.replace(f'src="{IMAGE_PATH}', 'src="/console/articles/images/')
