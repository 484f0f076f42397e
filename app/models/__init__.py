"""All models, imported here so that Alembic and the app see one metadata."""
from app.models.article import ARTICLE_STATUS_LABELS, OUTLET_LABELS, Article, ArticleImage
from app.models.audit import AuditEntry
from app.models.award import AWARD_ITEMS, ITEM_STATES, MEDAL_CHECKS, Award, Certificate
from app.models.broadcast import BROADCAST_STATE_LABELS, Broadcast
from app.models.campaign import STAGE_KEYS, STAGE_SWITCHES, Campaign, CampaignStage
from app.models.endorsement import (DECISION_LABELS, ENDORSEMENT_STATUS_LABELS, Endorsement,
                                     EndorsementLetter)
from app.models.export import EXPORT_KINDS, EXPORT_STATUSES, ExportFile
from app.models.follower import Follower
from app.models.honour_roll import HonourRollEntry
from app.models.invitation import Invitation
from app.models.like import FLAG_KINDS, LikeFlag, LikeHold, LikeRecord, LikeVoid
from app.models.lead import LEAD_STATUS_LABELS, Lead
from app.models.material import FILE_KINDS, PUBLIC_FILE_KINDS, NominationFile
from app.models.nomination import (ACTIVE_STATUSES, CHANNEL_LABELS, CONDITIONS, STATUS_LABELS, Nomination,
                                    NominationChannel)
from app.models.notification import Notification, NotificationPreference, StageOpening, SubscribeGrant
from app.models.organization import KIND_LABELS, Membership, Organization, OrganizationKind
from app.models.panel import (CONFLICT_KINDS, CRITERIA, DECISION_KINDS, MEMBER_KINDS, ROUND_KINDS, PanelAssignment,
                              PanelDecision, PanelMember, PanelRound, PanelScore)
from app.models.result import (OBJECTION_RELATIONS, OBJECTION_STATUS_LABELS, RESULT_GROUP_LABELS, Objection,
                               ObjectionFile, ObjectionNote, ResultEntry, ResultNotice)
from app.models.review import CHECK_METHODS, REVIEW_DECISIONS, NominationReview, ReviewCheck, ReviewCheckFile
from app.models.shortlist import SHORTLIST_STATUS_LABELS, ShortlistDecision, ShortlistPick
from app.models.user import ROLE_LABELS, ROLES, User

__all__ = [
    "AWARD_ITEMS", "Award", "Certificate", "ITEM_STATES", "MEDAL_CHECKS",
    "ARTICLE_STATUS_LABELS", "Article", "ArticleImage", "OUTLET_LABELS",
    "ACTIVE_STATUSES", "CHANNEL_LABELS", "CONDITIONS", "Nomination", "NominationChannel", "STATUS_LABELS",
    "AuditEntry", "BROADCAST_STATE_LABELS", "Broadcast", "Campaign", "CampaignStage", "DECISION_LABELS",
    "ENDORSEMENT_STATUS_LABELS", "EXPORT_KINDS", "EXPORT_STATUSES", "Endorsement", "EndorsementLetter", "ExportFile",
    "FILE_KINDS", "FLAG_KINDS", "Follower", "HonourRollEntry",
    "Invitation", "KIND_LABELS", "LEAD_STATUS_LABELS", "Lead", "LikeFlag", "LikeHold", "LikeRecord", "LikeVoid", "Membership", "Notification",
    "NotificationPreference", "StageOpening", "SubscribeGrant", "NominationFile",
    "Organization", "OrganizationKind", "PUBLIC_FILE_KINDS", "ROLE_LABELS", "ROLES", "STAGE_KEYS",
    "STAGE_SWITCHES", "User",
    "CHECK_METHODS", "REVIEW_DECISIONS", "NominationReview", "ReviewCheck", "ReviewCheckFile",
    "CONFLICT_KINDS", "CRITERIA", "DECISION_KINDS", "MEMBER_KINDS", "ROUND_KINDS", "PanelAssignment", "PanelDecision",
    "PanelMember", "PanelRound", "PanelScore",
    "SHORTLIST_STATUS_LABELS", "ShortlistDecision", "ShortlistPick",
    "OBJECTION_RELATIONS", "OBJECTION_STATUS_LABELS", "RESULT_GROUP_LABELS", "Objection", "ObjectionFile",
    "ObjectionNote", "ResultEntry", "ResultNotice",
]
