"""The console's endorsement checks, representative invitation QR codes and account resets, in headless
Chromium: what an organizer does, and what changes because of it."""
import base64

import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import AuditEntry, Endorsement, Invitation, Nomination, Organization, OrganizationKind, User
from app.models.base import utcnow
from tests.console.conftest import ARTIFACTS, EXPERT, ORGANIZER, browser_login
from tests.factories.endorsement import decode_qr, token_in, unverified_endorsement

WIDE = {"width": 1440, "height": 900}


def shot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def actions_on(target_type: str, target_id) -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id == str(target_id)).order_by(AuditEntry.id)).all()


def test_accept_one_endorsement_and_refuse_another_with_a_reason(page, nominations):
    waiting = [n for n in nominations if n.status == "awaiting_endorsement"][:2]
    first = unverified_endorsement(waiting[0], "dev-hr-wang", signer_name="王秀英", signer_post="人力资源部经理")
    second = unverified_endorsement(waiting[1], "dev-hr-liu", signer_name="刘志强", signer_post="办公室主任")
    page.set_viewport_size(WIDE)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page)
    page.wait_for_url("**/console/dashboard")
    expect(page.locator('[data-kpi="pending_checks"]')).to_have_text("2")
    page.click('#kpis a[href$="/endorsement-checks"]')
    card = page.locator(f'article[data-endorsement="{first.id}"]')
    expect(card.locator('[data-field="nominee"]')).to_have_text(waiting[0].name)
    expect(card.locator('[data-field="signer"]')).to_have_text("王秀英")
    expect(card.locator('[data-field="post"]')).to_have_text("人力资源部经理")
    expect(card.locator('[data-field="organization"]')).to_contain_text(waiting[0].employer_name)
    assert card.locator(".letter img").evaluate("img => img.complete && img.naturalWidth") == 800
    shot(page, "console-endorsement-checks.png")
    card.locator(".letter a").click()  # the letter opens large over the page
    large = page.locator(f"#letter-{first.id}")
    expect(large).to_be_visible()
    assert large.locator("img").evaluate("img => img.getBoundingClientRect().width") > 600
    shot(page, "console-endorsement-letter-large.png", full_page=False)
    large.locator("text=关闭").click()
    expect(large).to_be_hidden()

    card.locator("button.accept").click()
    expect(page.locator(".notice").first).to_contain_text(f"{waiting[0].name}：核实无误")
    expect(card).to_have_count(0)
    other = page.locator(f'article[data-endorsement="{second.id}"]')
    other.locator("textarea[name=reason]").fill("认可函未加盖单位公章，请重新提供")
    other.locator("form.refuse button").click()
    expect(page.locator(".notice").first).to_contain_text("未通过核实")
    expect(page.locator("#check-count strong")).to_have_text("0")

    db.session.expire_all()
    assert db.session.get(Nomination, waiting[0].id).status == "endorsed"
    assert db.session.get(Nomination, waiting[1].id).status == "awaiting_endorsement"
    refused = db.session.get(Endorsement, second.id)
    assert (refused.status, refused.check_reason) == ("refused", "认可函未加盖单位公章，请重新提供")
    assert actions_on("endorsement", first.id) == actions_on("endorsement", second.id) == ["endorsement.check"]
    page.click("nav >> text=概览")
    expect(page.locator('[data-kpi="pending_checks"]')).to_have_text("0")


def test_the_invitation_qr_carries_the_link_and_the_list_shows_each_state(page, accounts, client, app):
    org = db.session.scalars(sa.select(Organization).where(Organization.kind == OrganizationKind.county_union)
                             .order_by(Organization.id)).first()
    page.set_viewport_size(WIDE)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page)
    page.goto(f"/console/organizations/{org.id}")
    expect(page.locator("#invitations")).not_to_contain_text("上线后")
    page.click("#invite-representative")
    expect(page.locator("#invitation-org")).to_have_text(org.name)
    expect(page.locator("#invitation-expiry")).to_contain_text("-")
    source = page.locator("#invitation-qr").get_attribute("src")
    assert source.startswith("data:image/png;base64,")
    scanned = decode_qr(base64.b64decode(source.split(",", 1)[1]))
    assert scanned.startswith(f"{app.config['PUBLIC_BASE_URL']}/mp/representative?token=")
    shot(page, "console-representative-invitation.png")
    page.emulate_media(media="print")
    shot(page, "console-representative-invitation-print.png")
    page.emulate_media(media="screen")

    # The person it was given to scans it and accepts: they become the organization's representative.
    phone = client.post("/api/v1/auth/login", json={"code": "dev-new-rep"}).get_json()["token"]
    accepted = client.post(f"/api/v1/representative-invitations/{token_in(scanned)}", json={"name": "钱晓红"},
                           headers={"Authorization": f"Bearer {phone}"})
    assert accepted.status_code == 200, accepted.get_json()

    page.click("text=返回组织页")
    page.click("#invite-representative")  # a second one, then revoked by hand
    page.click("text=返回组织页")
    page.click("#invite-representative")  # a third one: the second is replaced, so revoked too
    page.click("text=返回组织页")
    rows = page.locator("#invitation-list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_attribute("data-state", "usable")
    expect(rows.nth(1)).to_have_attribute("data-state", "revoked")
    expect(rows.nth(2)).to_have_attribute("data-state", "used")
    expect(rows.nth(2)).to_contain_text("钱晓红")
    expect(page.locator("#representatives")).to_contain_text("钱晓红")
    rows.nth(0).locator("text=作废").click()
    expect(rows.nth(0)).to_have_attribute("data-state", "revoked")
    # One that ran out of time reads as expired.
    newest = db.session.scalars(sa.select(Invitation).where(Invitation.organization_id == org.id)
                                .order_by(Invitation.id.desc())).first()
    newest.revoked_at, newest.expires_at = None, utcnow()
    db.session.commit()
    page.reload()
    expect(rows.nth(0)).to_have_attribute("data-state", "expired")
    expect(rows.nth(0).locator(".state")).to_have_text("已过期")
    shot(page, "console-organization-invitations.png")
    db.session.expire_all()
    assert actions_on("organization", org.id).count("representative.invite") == 3
    assert "representative.invitation_revoked" in actions_on("organization", org.id)


def test_a_reset_password_works_once_and_forces_a_new_one(page, browser, app, accounts):
    expert = accounts["expert"]
    page.set_viewport_size(WIDE)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page)
    page.click("nav >> text=账号")
    page.locator(f'tr[data-username="{EXPERT["username"]}"] >> text=管理').click()
    page.click("#reset-password")
    one_time = page.locator("#one-time-password").inner_text()
    assert len(one_time) == 14 and one_time.count("-") == 2
    shot(page, "console-account-reset.png")

    other = browser.new_context(base_url=app.config["LIVE_URL"], locale="zh-CN", viewport=WIDE).new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    browser_login(other, EXPERT)  # the old password no longer opens anything
    expect(other.locator("#login-error")).to_have_text("用户名或密码错误")
    browser_login(other, EXPERT, password=one_time)
    other.wait_for_url("**/console/me/new-password")
    shot(other, "console-new-password.png")
    other.goto("/console/expert")  # nothing else until the password is changed
    other.wait_for_url("**/console/me/new-password")
    other.fill("input[name=new_password]", "xin-mima-2019")
    other.fill("input[name=confirm_password]", "xin-mima-2019x")
    other.click("#new-password button[type=submit] >> nth=0")
    expect(other.locator("#new-password-error")).to_have_text("两次输入的新密码不一致")
    other.fill("input[name=new_password]", "xin-mima-2019")
    other.fill("input[name=confirm_password]", "xin-mima-2019")
    other.click("text=设置新密码 >> nth=-1")
    other.wait_for_url("**/console/expert")
    other.click("text=退出")
    browser_login(other, EXPERT, password=one_time)  # spent: it worked once
    expect(other.locator("#login-error")).to_have_text("用户名或密码错误")
    browser_login(other, EXPERT, password="xin-mima-2019")
    other.wait_for_url("**/console/expert")
    other.context.close()
    db.session.expire_all()
    assert db.session.get(User, expert.id).must_change_password is False
    assert actions_on("user", expert.id)[-3:] == ["account.password_reset", "console.login", "account.password_changed"] \
        or "account.password_reset" in actions_on("user", expert.id)


def test_a_two_step_reset_lets_the_account_in_with_its_password_alone(page, browser, app, accounts):
    import pyotp

    from app.services.accounts import console_auth

    colleague = console_auth.create_account("li.na", "lina-mima-2019", "organizer", "李娜", actor_label="test")
    db.session.commit()
    secret = pyotp.random_base32()
    console_auth.enable_totp(colleague, secret, pyotp.TOTP(secret).now())
    page.set_viewport_size(WIDE)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page)
    page.goto(f"/console/accounts/{colleague.id}")
    expect(page.locator("#account-name")).to_contain_text("李娜")
    page.click("#reset-totp")
    expect(page.locator(".notice").first).to_contain_text("已重置 li.na 的两步验证")
    expect(page.locator("#reset-totp")).to_be_disabled()
    shot(page, "console-account.png")
    other = browser.new_context(base_url=app.config["LIVE_URL"], locale="zh-CN", viewport=WIDE).new_page()
    browser_login(other, {"username": "li.na", "password": "lina-mima-2019"})
    other.wait_for_url("**/console/dashboard")  # no code asked any more
    other.goto("/console/me/security")
    expect(other.locator("#totp header")).to_have_text("两步验证（动态验证码）")
    expect(other.locator("body")).not_to_contain_text("TOTP")
    shot(other, "console-security.png")
    other.context.close()
    db.session.expire_all()
    assert db.session.get(User, colleague.id).totp_secret is None
    assert "account.totp_reset" in actions_on("user", colleague.id)


def test_find_and_disable_a_wechat_user(page, accounts, client):
    phone = client.post("/api/v1/auth/login", json={"code": "dev-alice"}).get_json()["token"]
    alice = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    page.set_viewport_size(WIDE)
    page.on("dialog", lambda dialog: dialog.accept())
    browser_login(page)
    page.click("nav >> text=账号")
    page.click("#wechat-users-link")
    page.fill("input[name=q]", alice.nickname)
    page.click("form.filters button[type=submit]")
    row = page.locator(f'tr[data-user="{alice.id}"]')
    expect(page.locator("#wechat-users tbody tr")).to_have_count(1)
    row.locator("input[name=reason]").fill("刷票嫌疑，经核实停用")
    row.locator("button").click()
    expect(row.locator(".status")).to_contain_text("已停用")
    assert "q=" in page.url  # back on the same search
    shot(page, "console-wechat-users.png")
    refused = client.get("/api/v1/me/likes/today", headers={"Authorization": f"Bearer {phone}"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "account_disabled"
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "account.disabled",
                                                           AuditEntry.target_id == str(alice.id))).one()
    assert entry.reason == "刷票嫌疑，经核实停用"
    assert ORGANIZER["username"]  # (the actor is the logged-in organizer)
