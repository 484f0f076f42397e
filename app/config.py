"""Settings from the environment, with embedded defaults (DESIGN.md section 9, configuration)."""
from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from pathlib import Path

from app.config_observability import ObservabilityConfigError, observability_settings


class ConfigError(RuntimeError):
    """A setting is missing or unsafe for the environment it runs in."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret(instance_path: Path) -> str:
    # Kept in instance/ so that tokens survive a restart of the development server.
    path = instance_path / "dev-secret-key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


# Keys that appear in this repository, its tests, its benchmarks or common examples: never a production key.
KNOWN_DEVELOPMENT_KEYS = {
    "dev", "development", "secret", "secret-key", "changeme", "change-me", "please-change-me",
    "test-secret-key-not-for-production", "bench-secret-key-not-for-production",
}
SECRET_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_DISTINCT = 10  # "x" * 40 is long, not strong


def _check_production_secret(secret_key: str) -> None:
    if (len(secret_key) < SECRET_KEY_MIN_LENGTH or len(set(secret_key)) < SECRET_KEY_MIN_DISTINCT
            or secret_key.strip().lower() in KNOWN_DEVELOPMENT_KEYS):
        raise ConfigError(
            f"SECRET_KEY is too weak for APP_ENV=production: use at least {SECRET_KEY_MIN_LENGTH} random "
            "characters, e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(48))'`")


def _aes_key_ok(key: str) -> bool:
    try:
        return len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


def _json_setting(env: dict, name: str) -> dict:
    raw = env.get(name, "")
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a JSON object") from exc
    if not isinstance(value, dict):
        raise ConfigError(f"{name} must be a JSON object")
    return value


def _sentinels(raw: str) -> list[tuple[str, int]]:
    """"host:port,host:port" → [(host, port), ...]; an empty setting is no Sentinel."""
    found = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        host, _, port = item.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"REDIS_SENTINELS must be a comma-separated list of host:port, not {item!r}")
        found.append((host.strip("[]"), int(port)))
    return found


def _like_wait(env: dict, production: bool, sentinels: list) -> tuple[int, int]:
    # Waiting only makes sense with a replica; Sentinel is how the app is told there is one.
    replicas = int(env.get("LIKES_WAIT_REPLICAS") or (1 if production and sentinels else 0))
    timeout_ms = int(env.get("LIKES_WAIT_TIMEOUT_MS") or "500")
    if replicas < 0:
        raise ConfigError("LIKES_WAIT_REPLICAS must be 0 or more")
    if replicas and not 0 < timeout_ms <= 4000:  # WAIT 0 would wait for ever; the socket times out at 5 s
        raise ConfigError("LIKES_WAIT_TIMEOUT_MS must be between 1 and 4000 when LIKES_WAIT_REPLICAS is set")
    return replicas, timeout_ms


def engine_options(database_url: str, connect_timeout: int) -> dict:
    options = {"pool_pre_ping": True}
    if database_url.startswith("postgresql"):
        # A database host that is unreachable (not stopped: nobody answers) fails a connection in this many
        # seconds, answered as 503, instead of holding the request for the kernel's minutes.
        options["connect_args"] = {"connect_timeout": connect_timeout}
    if database_url.startswith("sqlite"):
        # Writers that must serialise (quota submissions take SQLite's write lock) wait for it
        # rather than fail at once.
        options["connect_args"] = {"timeout": 15}
    return options


def load_settings(instance_path: str, env: dict | None = None) -> dict:
    """Read every setting the app knows from `env` (os.environ by default)."""
    env = dict(os.environ if env is None else env)
    instance = Path(instance_path)
    app_env = env.get("APP_ENV", "development")
    if app_env not in {"development", "test", "production"}:
        raise ConfigError(f"APP_ENV must be development, test or production, not {app_env!r}")
    production = app_env == "production"

    secret_key = env.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY is required when APP_ENV=production")
        secret_key = _development_secret(instance)
    if production:
        _check_production_secret(secret_key)

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'gangcheng.sqlite3'}"
    connect_timeout = int(env.get("DATABASE_CONNECT_TIMEOUT", "5"))
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]

    mini_appid = env.get("WECHAT_MINI_APPID", "")
    mini_secret = env.get("WECHAT_MINI_SECRET", "")
    mp_appid = env.get("WECHAT_MP_APPID", "")
    mp_secret = env.get("WECHAT_MP_SECRET", "")
    no_secret = not (mini_secret or mp_secret)
    use_emulator = _flag(env.get("WECHAT_EMULATOR"), default=no_secret)
    if production and use_emulator:
        raise ConfigError(
            "the WeChat emulator is refused when APP_ENV=production: "
            "set WECHAT_MINI_APPID/WECHAT_MINI_SECRET (and the official account) and WECHAT_EMULATOR=0"
        )
    if use_emulator:
        # Fixed identities the emulator knows; real ones are never needed in development.
        mini_appid, mini_secret = mini_appid or "wxemulatormini0001", mini_secret or "emulator-mini-secret"
        mp_appid, mp_secret = mp_appid or "wxemulatormp000001", mp_secret or "emulator-mp-secret"

    mp_aes_key = env.get("WECHAT_MP_AES_KEY", "")
    if mp_aes_key and not _aes_key_ok(mp_aes_key):
        raise ConfigError("WECHAT_MP_AES_KEY must be the 43-character EncodingAESKey of the official account")
    mp_mode = env.get("WECHAT_MP_MESSAGE_MODE") or ("safe" if mp_aes_key else "plaintext")
    if mp_mode not in {"plaintext", "compatible", "safe"}:
        raise ConfigError(f"WECHAT_MP_MESSAGE_MODE must be plaintext, compatible or safe, not {mp_mode!r}")
    if mp_mode != "plaintext" and not mp_aes_key:
        raise ConfigError(f"WECHAT_MP_MESSAGE_MODE={mp_mode} needs WECHAT_MP_AES_KEY")

    dev_access_key = env.get("DEV_ACCESS_KEY", "")
    if dev_access_key and len(dev_access_key) < 16:
        raise ConfigError("DEV_ACCESS_KEY must be at least 16 characters (it opens demo logins from the network)")

    qr_code_kind = env.get("QR_CODE_KIND", "auto")
    if qr_code_kind not in {"auto", "wxacode", "qrcode"}:
        raise ConfigError(f"QR_CODE_KIND must be auto, wxacode or qrcode, not {qr_code_kind!r}")

    content_check = env.get("CONTENT_CHECK", "wechat")
    if content_check not in {"wechat", "local"}:
        raise ConfigError(f"CONTENT_CHECK must be wechat or local, not {content_check!r}")
    image_max_bytes = int(env.get("UPLOAD_IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
    pdf_max_bytes = int(env.get("UPLOAD_PDF_MAX_BYTES", str(10 * 1024 * 1024)))

    miniprogram_state = env.get("WECHAT_MINIPROGRAM_STATE", "formal" if production else "developer")
    if miniprogram_state not in {"developer", "trial", "formal"}:
        raise ConfigError(f"WECHAT_MINIPROGRAM_STATE must be developer, trial or formal, not {miniprogram_state!r}")

    sentinels = _sentinels(env.get("REDIS_SENTINELS", ""))
    wait_replicas, wait_timeout_ms = _like_wait(env, production, sentinels)

    port = int(env.get("PORT", "8000"))
    public_base_url = env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}").rstrip("/")
    if production and not public_base_url.startswith("https://"):
        raise ConfigError(
            "PUBLIC_BASE_URL must be an https:// address when APP_ENV=production "
            f"(not {public_base_url!r}): the console's session cookie is only sent over HTTPS there")
    session_hours = int(env.get("CONSOLE_SESSION_HOURS", "8"))
    try:
        observability = observability_settings(env, production)
    except ObservabilityConfigError as exc:
        raise ConfigError(str(exc)) from exc

    return {
        "APP_ENV": app_env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url, connect_timeout),
        "DATABASE_CONNECT_TIMEOUT": connect_timeout,
        "REDIS_URL": env.get("REDIS_URL", ""),
        # Sentinel (app/redis_store.py): the primary named REDIS_SENTINEL_MASTER, found through these; else REDIS_URL.
        "REDIS_SENTINELS": sentinels,
        "REDIS_SENTINEL_MASTER": env.get("REDIS_SENTINEL_MASTER", "gangcheng"),
        # An accepted like waits for this many replicas (WAIT) before it is acknowledged (services/likes/liking.py).
        "LIKES_WAIT_REPLICAS": wait_replicas,
        "LIKES_WAIT_TIMEOUT_MS": wait_timeout_ms,
        "PORT": port,
        "PUBLIC_BASE_URL": public_base_url,
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        "TOKEN_TTL_SECONDS": int(env.get("TOKEN_TTL_SECONDS", str(7 * 24 * 3600))),
        "WECHAT_MINI_APPID": mini_appid,
        "WECHAT_MINI_SECRET": mini_secret,
        "WECHAT_MP_APPID": mp_appid,
        "WECHAT_MP_SECRET": mp_secret,
        "WECHAT_MP_TOKEN": env.get("WECHAT_MP_TOKEN", "" if production else "dev-token"),
        "WECHAT_MP_AES_KEY": mp_aes_key,
        # plaintext, compatible (both accepted) or safe (encrypted only); default: safe when an AES key is set.
        "WECHAT_MP_MESSAGE_MODE": mp_mode,
        "WECHAT_MP_MAX_AGE_SECONDS": int(env.get("WECHAT_MP_MAX_AGE_SECONDS", "300")),
        # The bot answers within this; slower work answers "success" and follows up by customer-service message.
        "WECHAT_MP_REPLY_SECONDS": float(env.get("WECHAT_MP_REPLY_SECONDS", "4")),
        # Template messages per event: {"event": {"template_id": "…", "fields": {"thing1": "title", …}}}.
        "WECHAT_MP_TEMPLATES": _json_setting(env, "WECHAT_MP_TEMPLATES"),
        "WECHAT_EMULATOR": use_emulator,
        # Where wechatpy reaches the emulator; the run command serves it inside the app.
        "WECHAT_EMULATOR_URL": env.get("WECHAT_EMULATOR_URL", f"http://127.0.0.1:{port}/_wechat-emulator").rstrip("/"),
        # With the emulator off: WeChat's API reached at this address instead of api.weixin.qq.com (an egress
        # gateway, or the emulator on a host of its own in the multi-host test); empty means WeChat itself.
        "WECHAT_API_URL": env.get("WECHAT_API_URL", "").rstrip("/"),
        "WECHAT_TIMEOUT": float(env.get("WECHAT_TIMEOUT", "5")),
        # Which version of the mini-program a subscribe message opens: developer, trial or formal.
        "WECHAT_MINIPROGRAM_STATE": miniprogram_state,
        # The template registry (services/notifications/registry.py): inline JSON or a path to a JSON file of
        # {"templates": {...}, "events": {...}}; unset → the built-in mapping with the emulator, inbox only otherwise.
        "NOTIFY_TEMPLATES": env.get("NOTIFY_TEMPLATES", ""),
        # Opens demo logins and the emulator's inspection to callers other than loopback (app/wechat/dev_access.py).
        "DEV_ACCESS_KEY": dev_access_key,
        "RQ_QUEUE": env.get("RQ_QUEUE", "default"),
        # The organizer console: cookies, CSRF (checked by the console blueprint only), login throttling.
        "SESSION_COOKIE_NAME": "gc_console",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or public_base_url.startswith("https://"),
        "PERMANENT_SESSION_LIFETIME": session_hours * 3600,
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": session_hours * 3600,
        "CONSOLE_LOGIN_MAX_FAILURES": int(env.get("CONSOLE_LOGIN_MAX_FAILURES", "5")),
        "CONSOLE_LOGIN_MAX_FAILURES_PER_IP": int(env.get("CONSOLE_LOGIN_MAX_FAILURES_PER_IP", "20")),
        "CONSOLE_LOGIN_WINDOW_SECONDS": int(env.get("CONSOLE_LOGIN_WINDOW_SECONDS", "900")),
        # Per account (every address): failures in the window before each try must wait a doubling pause.
        "CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES": int(env.get("CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES", "10")),
        "CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS": int(env.get("CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS", "60")),
        # Nomination materials (services/materials/uploads.py, services/materials/storage.py).
        "UPLOAD_DIR": env.get("UPLOAD_DIR", str(instance / "uploads")),
        "UPLOAD_IMAGE_MAX_BYTES": image_max_bytes,
        "UPLOAD_PDF_MAX_BYTES": pdf_max_bytes,
        "UPLOAD_IMAGE_MAX_PIXELS": int(env.get("UPLOAD_IMAGE_MAX_PIXELS", "50000000")),
        "UPLOAD_IMAGE_MAX_SIDE": int(env.get("UPLOAD_IMAGE_MAX_SIDE", "4096")),
        # A request body larger than the largest file (plus the form around it) is refused with 413 unread.
        "MAX_CONTENT_LENGTH": max(image_max_bytes, pdf_max_bytes) + 256 * 1024,
        "FILE_URL_TTL_SECONDS": int(env.get("FILE_URL_TTL_SECONDS", "300")),
        # The story (事迹简介) of "about 1,500 characters".
        "NOMINATION_STORY_MIN": int(env.get("NOMINATION_STORY_MIN", "1200")),
        "NOMINATION_STORY_MAX": int(env.get("NOMINATION_STORY_MAX", "1800")),
        "INVITATION_TTL_DAYS": int(env.get("INVITATION_TTL_DAYS", "30")),
        "LEADS_PER_USER_PER_DAY": int(env.get("LEADS_PER_USER_PER_DAY", "5")),
        "OBJECTIONS_PER_USER_PER_DAY": int(env.get("OBJECTIONS_PER_USER_PER_DAY", "3")),
        "CONTENT_CHECK": content_check,
        # Endorsement by QR code (services/endorsement/decisions.py) and representative invitations.
        "ENDORSEMENT_TOKEN_TTL_DAYS": int(env.get("ENDORSEMENT_TOKEN_TTL_DAYS", "7")),
        "REPRESENTATIVE_INVITATION_TTL_DAYS": int(env.get("REPRESENTATIVE_INVITATION_TTL_DAYS", "7")),
        "QR_CODE_KIND": qr_code_kind,
        # "path" or "path:face-index" of a font with Chinese glyphs; unset: found through fontconfig.
        "CJK_FONT": env.get("CJK_FONT", ""),
        "CONTENT_CHECK_WORDS_FILE": env.get("CONTENT_CHECK_WORDS_FILE", ""),
        # Likes: WeChat's risk rank (getuserriskrank) once per user and day; ranks 0-4, refused from this one.
        "LIKE_RISK_CHECK": _flag(env.get("LIKE_RISK_CHECK"), default=True),
        "LIKE_RISK_REJECT_RANK": int(env.get("LIKE_RISK_REJECT_RANK", "3")),
        # Fraud flags: distinct accounts liking from one IP in a day; likes by accounts younger than N hours.
        "LIKE_FLAG_IP_ACCOUNTS": int(env.get("LIKE_FLAG_IP_ACCOUNTS", "20")),
        "LIKE_FLAG_YOUNG_HOURS": int(env.get("LIKE_FLAG_YOUNG_HOURS", "72")),
        "LIKE_FLAG_YOUNG_LIKES": int(env.get("LIKE_FLAG_YOUNG_LIKES", "20")),
        # A TrueType/OpenType font with Chinese glyphs for share posters; unset → found on the system.
        "POSTER_FONT": env.get("POSTER_FONT", ""),
        # Flask-Smorest / OpenAPI
        "API_TITLE": "港城工匠 API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        **observability,
    }
