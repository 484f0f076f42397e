"""Pictures of an article (its cover and those in its body): checked and re-encoded like every upload,
kept with a thumbnail for lists, public once their article is."""
from __future__ import annotations

import hashlib
import io
import logging

from flask import current_app
from PIL import Image

from app.extensions import db
from app.models import Article, ArticleImage, User
from app.services import audit
from app.services.articles import visibility
from app.services.articles.editing import load_for_edit
from app.services.errors import not_found
from app.services.materials import file_checks
from app.services.materials.storage import get_storage

log = logging.getLogger(__name__)

# Large enough for a phone screen at full width; the thumbnail is for the feed's cards.
MAX_SIDE = 1600
THUMBNAIL_SIDE = 480


def _inspect(data: bytes) -> file_checks.CheckedFile:
    cfg = current_app.config
    if not data:
        raise file_checks.refuse("empty_file", file_checks.MESSAGES["empty"])
    detected = file_checks.sniff(data)
    if detected not in ("JPEG", "PNG"):
        raise file_checks.refuse("unsupported_file_type", "文件类型不支持，文章图片请上传JPEG或PNG格式", 415)
    if len(data) > cfg["UPLOAD_IMAGE_MAX_BYTES"]:
        limit = cfg["UPLOAD_IMAGE_MAX_BYTES"] // (1024 * 1024)
        raise file_checks.refuse("file_too_large", f"文件过大，不能超过{limit}MB", 413)
    return file_checks.check_image(data, detected, max_pixels=cfg["UPLOAD_IMAGE_MAX_PIXELS"],
                                   max_side=min(MAX_SIDE, cfg["UPLOAD_IMAGE_MAX_SIDE"]))


def _thumbnail(checked: file_checks.CheckedFile) -> bytes:
    with Image.open(io.BytesIO(checked.data)) as image:
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if checked.content_type == "image/jpeg":
            image.save(out, format="JPEG", quality=85, optimize=True)
        else:
            image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def upload(user: User, article_id: int, data: bytes, *, cover: bool = False) -> ArticleImage:
    """Store a picture for the article (as its cover, or for its body); nothing is kept unless it passed."""
    article = load_for_edit(user, article_id)
    checked = _inspect(data)
    storage = get_storage()
    key = storage.put(checked.data, checked.suffix)
    thumbnail_key = storage.put(_thumbnail(checked), checked.suffix)
    image = ArticleImage(article_id=article.id, content_type=checked.content_type, size=len(checked.data),
                         width=checked.width, height=checked.height, sha256=hashlib.sha256(checked.data).hexdigest(),
                         storage_key=key, thumbnail_key=thumbnail_key, uploaded_by_id=user.id)
    db.session.add(image)
    try:
        db.session.flush()
        if cover:
            article.cover_image_id = image.id
        audit.record("article.cover_changed" if cover else "article.image_added", "article", article.id, actor=user,
                     data={"title": article.title, "nomination_id": article.nomination_id, "image_id": image.id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        storage.delete(key)
        storage.delete(thumbnail_key)
        raise
    return image


def remove_cover(user: User, article_id: int) -> Article:
    article = load_for_edit(user, article_id)
    if article.cover_image_id is not None:
        article.cover_image_id = None
        audit.record("article.cover_removed", "article", article.id, actor=user,
                     data={"title": article.title, "nomination_id": article.nomination_id})
        db.session.commit()
    return article


def is_public_image(image: ArticleImage) -> bool:
    article = db.session.get(Article, image.article_id)
    return article is not None and visibility.is_public(article)


def open_image(image_id: int, *, thumbnail: bool = False, organizer: bool = False) -> tuple[ArticleImage, bytes]:
    """The picture's bytes: to anyone once its article is public, to organizers always (the console)."""
    image = db.session.get(ArticleImage, image_id)
    if image is None or not (organizer or is_public_image(image)):
        raise not_found("图片")
    key = image.thumbnail_key if thumbnail else image.storage_key
    try:
        return image, get_storage().get(key)
    except FileNotFoundError:
        log.error("stored file %s of article image %s is missing", key, image.id)
        raise not_found("图片") from None


def url(image_id: int | None, *, thumbnail: bool = False) -> str | None:
    if image_id is None:
        return None
    base = f"{current_app.config['PUBLIC_BASE_URL']}/api/v1/article-images/{image_id}"
    return base + ("?size=thumbnail" if thumbnail else "")
