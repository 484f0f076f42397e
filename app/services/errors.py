"""The one error type services raise; adapters translate it (JSON for the API, a message for the bot)."""
from __future__ import annotations


class DomainError(Exception):
    """A refusal with a stable code for programs and a Chinese message for people."""

    def __init__(self, code: str, message: str, status: int = 400, *, details: dict | None = None,
                 retry_after: int | None = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.details = details or {}
        self.retry_after = retry_after


def not_found(what: str) -> DomainError:
    return DomainError("not_found", f"{what}不存在", 404)


def forbidden(message: str = "没有权限执行此操作") -> DomainError:
    return DomainError("forbidden", message, 403)
