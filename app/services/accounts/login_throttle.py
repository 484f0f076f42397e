"""Console login throttling, counted in Redis: slow for a guesser, never a lock-out for the organizer.

- Per (account, client address) pair: CONSOLE_LOGIN_MAX_FAILURES wrong passwords or codes within the
  window lock that pair until the window ends. Someone else's guesses never lock the organizer's browser.
- Per client address: CONSOLE_LOGIN_MAX_FAILURES_PER_IP failures lock the address (many accounts tried).
- Per account, from every address: after CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES failures in the window,
  each further try from an address the account has not logged in from must wait a pause doubling from
  1 s up to CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS: a distributed guesser gets about one guess a
  minute, and the account is never locked.
- Failures since the account's last login are kept, and told to the organizer at the next login.

A try is counted before its password is checked (`reserve`, one Lua script: decide and count in one
atomic step), so parallel tries cannot all pass a check made before any of them was counted; a right
password gives its reservation back (`release`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app

from app.redis_store import get_redis
from app.services.errors import DomainError

KNOWN_ADDRESSES_DAYS = 180  # an address the account logged in from skips the per-account pause this long
SINCE_LOGIN_DAYS = 180

# KEYS: 1 pair counter, 2 address counter, 3 account counter, 4 account pause, 5 account's known addresses
# ARGV: 1 pair limit, 2 address limit, 3 window (s), 4 account failures before pausing, 5 longest pause (ms),
#       6 client address
# Answers {"locked", wait s} or {"slowed", wait s} (nothing counted) or {"ok", pair n, address n, pair ttl,
# address ttl} (counted).
RESERVE = """
local function count(key) return tonumber(redis.call('GET', key) or '0') end
local function ttl(key) local t = redis.call('TTL', key) if t < 1 then return 1 end return t end
if count(KEYS[1]) >= tonumber(ARGV[1]) then return {'locked', ttl(KEYS[1])} end
if count(KEYS[2]) >= tonumber(ARGV[2]) then return {'locked', ttl(KEYS[2])} end
local extra = count(KEYS[3]) - tonumber(ARGV[4])
if extra >= 0 and redis.call('SISMEMBER', KEYS[5], ARGV[6]) == 0 then
  local pause = redis.call('PTTL', KEYS[4])
  if pause > 0 then return {'slowed', math.ceil(pause / 1000)} end
  redis.call('SET', KEYS[4], '1', 'PX', math.floor(math.min(1000 * 2 ^ math.min(extra, 20), tonumber(ARGV[5]))))
end
local function add(key)
  local n = redis.call('INCR', key)
  if n == 1 or redis.call('TTL', key) < 0 then redis.call('EXPIRE', key, ARGV[3]) end
  return n
end
local pair, address = add(KEYS[1]), add(KEYS[2])
add(KEYS[3])
return {'ok', pair, address, ttl(KEYS[1]), ttl(KEYS[2])}
"""

# KEYS: the counters a reservation added to. Gives one back where it is still counted.
RELEASE = """
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 0
"""


@dataclass(frozen=True)
class Reservation:
    username: str
    ip: str
    pair: int
    address: int
    pair_wait: int
    address_wait: int


def _names(username: str, ip: str) -> dict[str, str]:
    username = username[:64]  # an unknown name is the caller's text: bound the key
    return {"pair": f"console:login-failures:pair:{username}:{ip}",
            "address": f"console:login-failures:ip:{ip}",
            "account": f"console:login-failures:user:{username}",
            "pause": f"console:login-pause:{username}",
            "known": f"console:login-known:{username}",
            "since": f"console:login-failures-since-login:{username}"}


def _script(name: str, source: str):
    scripts = current_app.extensions.setdefault("login_throttle_scripts", {})
    if name not in scripts:
        scripts[name] = get_redis().register_script(source)
    return scripts[name]


def _refuse(wait: int, slowed: bool = False) -> DomainError:
    if slowed:
        return DomainError("login_slowed", f"该账号登录尝试过于频繁，请 {wait} 秒后再试", 429,
                           retry_after=wait, details={"retry_after_seconds": wait})
    minutes = max(1, math.ceil(wait / 60))
    return DomainError("login_throttled", f"密码错误次数过多，已暂时锁定，请 {minutes} 分钟后再试", 429,
                       retry_after=wait, details={"retry_after_seconds": wait})


def reserve(username: str, ip: str) -> Reservation:
    """Count this try before checking it, or refuse (429 with the wait) while locked or paused."""
    config, keys = current_app.config, _names(username, ip)
    answer = _script("reserve", RESERVE)(
        keys=[keys["pair"], keys["address"], keys["account"], keys["pause"], keys["known"]],
        args=[config["CONSOLE_LOGIN_MAX_FAILURES"], config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"],
              config["CONSOLE_LOGIN_WINDOW_SECONDS"], config["CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES"],
              config["CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS"] * 1000, ip])
    outcome = answer[0].decode()
    if outcome != "ok":
        raise _refuse(int(answer[1]), slowed=outcome == "slowed")
    return Reservation(username, ip, *(int(value) for value in answer[1:]))


def failed(reservation: Reservation, *, account_exists: bool) -> DomainError | None:
    """The reserved try was wrong: it stays counted. Answers the lock when this try used up a limit."""
    if account_exists:
        since = _names(reservation.username, reservation.ip)["since"]
        pipe = get_redis().pipeline(transaction=True)
        pipe.incr(since)
        pipe.expire(since, SINCE_LOGIN_DAYS * 86400)
        pipe.execute()
    config = current_app.config
    waits = [wait for count, limit, wait in (
        (reservation.pair, config["CONSOLE_LOGIN_MAX_FAILURES"], reservation.pair_wait),
        (reservation.address, config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"], reservation.address_wait),
    ) if count >= limit]
    return _refuse(max(waits)) if waits else None


def release(reservation: Reservation) -> None:
    """The reserved try was right (a password before its TOTP code, or the code): it is not a failure."""
    keys = _names(reservation.username, reservation.ip)
    _script("release", RELEASE)(keys=[keys["pair"], keys["address"], keys["account"]], args=[])


def succeeded(username: str, ip: str) -> int:
    """A completed login: the account's counts start over, the address becomes known to it.

    Answers how many wrong passwords or codes were tried on the account since its last login.
    """
    keys = _names(username, ip)
    pipe = get_redis().pipeline(transaction=True)
    pipe.delete(keys["pair"], keys["account"], keys["pause"])
    pipe.sadd(keys["known"], ip)
    pipe.expire(keys["known"], KNOWN_ADDRESSES_DAYS * 86400)
    pipe.get(keys["since"])
    pipe.delete(keys["since"])
    return int(pipe.execute()[3] or 0)
