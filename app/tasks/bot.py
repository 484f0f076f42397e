"""The bot's follow-up: an answer that took longer than WeChat's 5 seconds, sent as a customer-service message."""
from __future__ import annotations

import logging

from app.extensions import db
from app.services.errors import DomainError
from app.services.followers import messages

log = logging.getLogger(__name__)


def follow_up_job(openid: str, reply: str | list[dict]) -> bool:
    """Send `reply` (text, or news cards) to the follower; False when WeChat's window is closed or it refused."""
    try:
        messages.send_custom(openid, reply)
        return True
    except DomainError as exc:
        log.warning("bot: follow-up to %s not sent: %s", openid, exc.message)
        return False
    finally:
        db.session.remove()
