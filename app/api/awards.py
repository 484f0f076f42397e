"""Public reads of the awards: a certificate by its serial (what the QR code leads to) and the honour roll."""
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema
from app.services.awards import certificates, honour_roll

blp = Blueprint("awards", __name__, url_prefix="/api/v1", description="表彰奖励：证书查验与荣誉榜")


class CertificateSchema(Schema):
    serial = fields.String(required=True, metadata={"description": "证书编号"})
    valid = fields.Boolean(required=True, metadata={"description": "true 有效；false 已撤销"})
    name = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "港城十大工匠 / 港城工匠"})
    employer = fields.String(required=True)
    year = fields.Integer(required=True)
    issuer = fields.String(required=True)
    issued_on = fields.Date(required=True)
    revoked_on = fields.Date(required=True, allow_none=True)
    revoked_reason = fields.String(required=True, allow_none=True)


class HonourRollQuerySchema(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100),
                          metadata={"description": "只看这一年度；不填为全部年度"})


class HonourRollEntrySchema(Schema):
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    name = fields.String(required=True)
    employer = fields.String(required=True)
    trade = fields.String(required=True)


class HonourRollSchema(Schema):
    items = fields.List(fields.Nested(HonourRollEntrySchema), required=True,
                        metadata={"description": "按年度从近到远，同一年度港城十大工匠在前"})
    years = fields.List(fields.Integer(), required=True, metadata={"description": "有记录的年度"})


@blp.route("/certificates/<string(maxlength=60):serial>")
@blp.response(200, CertificateSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="没有这个编号的证书")
def certificate(serial):
    """Whether a certificate is valid, with its public fields."""
    return certificates.verification(serial)


@blp.route("/honour-roll")
@blp.arguments(HonourRollQuerySchema, location="query")
@blp.response(200, HonourRollSchema)
def roll(args):
    """The holders of the 港城工匠 titles, public fields only."""
    return {"items": honour_roll.public_list(args["year"]), "years": honour_roll.years()}
