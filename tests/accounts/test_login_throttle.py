"""Console login throttling under parallel tries (real threads, the real Redis) and its lock-out resistance."""
from __future__ import annotations

import threading
import time

import pyotp
import pytest

from app.extensions import db
from app.services.accounts import console_auth
from app.services.errors import DomainError

PASSWORD = "gangcheng-2019!"


@pytest.fixture
def zhou(ctx):
    user = console_auth.create_account("zhou", PASSWORD, "organizer", "周主任", actor_label="test")
    db.session.commit()
    return user


@pytest.fixture
def counted(monkeypatch):
    """Counts the checks of a function of console_auth, each slow enough for parallel tries to overlap."""

    def count(name):
        real, calls, lock = getattr(console_auth, name), [], threading.Lock()

        def slow(*args, **kwargs):
            with lock:
                calls.append(1)
            time.sleep(0.05)
            return real(*args, **kwargs)

        monkeypatch.setattr(console_auth, name, slow)
        return calls

    return count


def in_parallel(app, attempt, n=30) -> list[str]:
    """Run attempt(i) in n threads released together; the DomainError code of each (or "ok")."""
    start, outcomes, lock = threading.Barrier(n), [], threading.Lock()

    def run(i):
        with app.app_context():
            start.wait()
            try:
                attempt(i)
                outcome = "ok"
            except DomainError as exc:
                outcome = exc.code
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(outcomes) == n
    return outcomes


def test_thirty_parallel_wrong_passwords_for_one_account_get_five_checks(app, zhou, counted):
    checks = counted("check_password_hash")
    outcomes = in_parallel(app, lambda i: console_auth.authenticate("zhou", f"wrong-{i}", "10.0.0.7"))
    assert len(checks) == 5  # the limit, not thirty
    assert outcomes.count("invalid_credentials") == 4 and outcomes.count("login_throttled") == 26


def test_thirty_parallel_wrong_passwords_from_one_address_get_its_limit(app, ctx, counted):
    app.config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"] = 5
    try:
        checks = counted("check_password_hash")
        outcomes = in_parallel(app, lambda i: console_auth.authenticate(f"nobody{i}", "wrong", "10.0.0.8"))
    finally:
        app.config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"] = 20
    assert len(checks) == 5 and outcomes.count("login_throttled") == 26


def test_thirty_parallel_wrong_totp_codes_get_five_checks(app, zhou, counted):
    secret = pyotp.random_base32()
    zhou.totp_secret = console_auth._fernet().encrypt(secret.encode()).decode()
    db.session.commit()
    user_id = zhou.id
    checks = counted("_code_matches")

    def attempt(_i):
        console_auth.verify_totp(db.session.get(type(zhou), user_id), "000000", "10.0.0.9")

    outcomes = in_parallel(app, attempt)
    assert len(checks) == 5 and outcomes.count("login_throttled") == 26


def test_a_right_password_gives_its_reservation_back(app, zhou):
    for _ in range(10):  # ten good logins from one address never lock it
        console_auth.complete_login(console_auth.authenticate("zhou", PASSWORD, "10.0.0.10"), "10.0.0.10")
    for i in range(4):
        with pytest.raises(DomainError, match="用户名或密码错误"):
            console_auth.authenticate("zhou", f"wrong-{i}", "10.0.0.10")
    assert console_auth.authenticate("zhou", PASSWORD, "10.0.0.10") == zhou


def test_guesses_from_other_addresses_only_slow_the_account_down(app, zhou):
    app.config.update(CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES=3, CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS=1)
    try:
        console_auth.complete_login(console_auth.authenticate("zhou", PASSWORD, "10.0.0.1"), "10.0.0.1")
        codes = []
        for i in range(6):  # a guesser spread over six addresses
            try:
                console_auth.authenticate("zhou", f"wrong-{i}", f"192.0.2.{i}")
            except DomainError as exc:
                codes.append(exc.code)
        assert codes[:4] == ["invalid_credentials"] * 4 and set(codes[4:]) == {"login_slowed"}
        with pytest.raises(DomainError) as slowed:  # paused, not locked: the wait is short
            console_auth.authenticate("zhou", PASSWORD, "198.51.100.1")
        assert slowed.value.status == 429 and slowed.value.retry_after <= 1 and "秒后再试" in slowed.value.message
        # The organizer's own address (a login there before) is not paused at all.
        assert console_auth.authenticate("zhou", PASSWORD, "10.0.0.1") == zhou
        time.sleep(1.1)
        assert console_auth.authenticate("zhou", PASSWORD, "198.51.100.1") == zhou
    finally:
        app.config.update(CONSOLE_LOGIN_ACCOUNT_FREE_FAILURES=10, CONSOLE_LOGIN_ACCOUNT_MAX_DELAY_SECONDS=60)
