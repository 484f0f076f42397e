"""Organizations: the list with kinds and quotas, one organization's representatives and their invitation QR
codes, quota changes."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import KIND_LABELS, Membership, Organization, OrganizationKind
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.nominations import quotas
from app.services.organizations import admin, representatives


@bp.route("/organizations", methods=["GET", "POST"])
@requires("organizations.manage")
def organizations():
    campaign = stages.current_campaign()
    errors, message, values = {}, None, {}
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in ("name", "kind", "district", "parent_id")}
        parent = values["parent_id"]
        try:
            organization = admin.create_organization(
                values["name"], values["kind"], values["district"], int(parent) if parent.isdigit() else None,
                actor=current_user())
            db.session.commit()
            flash(f"已添加组织：{organization.name}", "info")
            return redirect(url_for("console.organization_detail", org_id=organization.id))
        except DomainError as exc:
            db.session.rollback()
            errors, message = form_errors(exc), exc.message
    kind = request.args.get("kind") or None
    if kind and kind not in {k.value for k in OrganizationKind}:
        kind = None
    rows = admin.list_organizations(campaign, kind=kind, q=request.args.get("q"))
    unions = [o for o in admin.list_organizations(campaign, kind="county_union")]
    return render_template("console/organizations.html", rows=rows, kind=kind, q=request.args.get("q", ""),
                           kinds=KIND_LABELS, unions=unions, errors=errors, message=message,
                           values=values), (400 if message else 200)


@bp.route("/organizations/<int:org_id>", methods=["GET", "POST"])
@requires("organizations.manage")
def organization_detail(org_id: int):
    campaign = stages.current_campaign()
    organization = admin.get_organization(org_id)
    errors, message, status, below = {}, None, 200, None
    used = admin.quota_used(campaign).get(organization.id, 0)
    if request.method == "POST":
        below = _below_used(organization, campaign, used)
        try:
            if below is not None and request.form.get("below_used") != "1":
                raise DomainError("quota_below_used", f"新名额 {below} 人少于已用的 {used} 人，请确认", 409)
            admin.set_quota(organization, request.form.get("quota"), actor=current_user(),
                                         reason=request.form.get("reason") or None)
            db.session.commit()
            flash("名额已更新，并记入操作日志", "info")
            return redirect(url_for("console.organization_detail", org_id=org_id))
        except DomainError as exc:
            db.session.rollback()
            errors, message, status = form_errors(exc), exc.message, exc.status
            organization = admin.get_organization(org_id)
            below = below if exc.code == "quota_below_used" else None
    return render_template("console/organization.html", organization=organization, campaign=campaign,
                           below=below, form=request.form if request.method == "POST" else None,
                           quota=quotas.effective_quota(organization, campaign), used=used,
                           kinds=KIND_LABELS, members=admin.representatives(organization),
                           invitations=representatives.invitations_of(current_user(), organization.id),
                           children=_children(organization), errors=errors, message=message), status


def _below_used(organization: Organization, campaign, used: int) -> int | None:
    """The quota asked for when it is below what the organization has already used (a warning, not a refusal:
    the nominations already in stay in; no more can be submitted)."""
    raw = (request.form.get("quota") or "").strip()
    if organization.kind not in quotas.QUOTA_SETTING:
        return None
    if raw == "":
        wanted = getattr(campaign, quotas.QUOTA_SETTING[organization.kind])
    elif raw.isascii() and raw.isdigit():
        wanted = int(raw)
    else:
        return None  # the service says what is wrong with it
    return wanted if wanted < used else None


def _children(organization: Organization) -> list[Organization]:
    return list(db.session.scalars(sa.select(Organization).where(Organization.parent_id == organization.id)
                                   .order_by(Organization.id)))


@bp.post("/organizations/<int:org_id>/representatives/<int:membership_id>/revoke")
@requires("organizations.manage")
def revoke_representative(org_id: int, membership_id: int):
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organization_id != org_id:
        raise not_found("代表")
    admin.revoke_representative(membership, actor=current_user(), reason=request.form.get("reason", ""))
    db.session.commit()
    flash(f"已撤销 {membership.user.display_name} 的代表资格", "info")
    return redirect(url_for("console.organization_detail", org_id=org_id))


@bp.post("/organizations/<int:org_id>/representative-invitations")
@requires("organizations.manage")
def invite_representative(org_id: int):
    # The code is kept only as a hash: this answer is the one time its QR can be shown (and printed).
    invitation = representatives.invite(current_user(), org_id)
    return render_template("console/organization_invitation.html", invitation=invitation,
                           organization=admin.get_organization(org_id))


@bp.post("/organizations/<int:org_id>/representative-invitations/<int:invitation_id>/revoke")
@requires("organizations.manage")
def revoke_representative_invitation(org_id: int, invitation_id: int):
    representatives.revoke_invitation(current_user(), org_id, invitation_id)
    flash("邀请二维码已作废，扫描它将提示已作废", "info")
    return redirect(url_for("console.organization_detail", org_id=org_id, _anchor="invitations"))
