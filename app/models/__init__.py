"""All models, imported here so that Alembic and the app see one metadata."""
from app.models.audit import AuditEntry
from app.models.campaign import STAGE_KEYS, STAGE_SWITCHES, Campaign, CampaignStage
from app.models.like import FLAG_KINDS, LikeFlag, LikeHold, LikeRecord, LikeVoid
from app.models.nomination import (ACTIVE_STATUSES, CHANNEL_LABELS, CONDITIONS, STATUS_LABELS, Nomination,
                                    NominationChannel)
from app.models.notification import Notification
from app.models.organization import KIND_LABELS, Membership, Organization, OrganizationKind
from app.models.user import User

__all__ = [
    "ACTIVE_STATUSES", "CHANNEL_LABELS", "CONDITIONS", "Nomination", "NominationChannel", "STATUS_LABELS",
    "AuditEntry", "Campaign", "CampaignStage", "KIND_LABELS", "Membership", "Notification",
    "FLAG_KINDS", "LikeFlag", "LikeHold", "LikeRecord", "LikeVoid", "Organization", "OrganizationKind", "STAGE_KEYS", "STAGE_SWITCHES", "User",
]
