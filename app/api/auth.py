"""POST /api/v1/auth/login: a wx.login code in, our token out."""
from flask import request
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, UserSchema
from app.services.accounts import auth
from app.wechat import dev_access

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="微信登录")


class LoginSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128),
                         metadata={"description": "wx.login() 返回的 code"})


class LoginResultSchema(Schema):
    token = fields.String(required=True)
    user = fields.Nested(UserSchema, required=True)


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
@blp.alt_response(401, schema=ApiErrorSchema, description="code 无效或已过期")
@blp.alt_response(403, schema=ApiErrorSchema,
                  description="账号已停用（account_disabled）；开发环境的演示账号只能在本机登录（dev_login_forbidden）")
@blp.alt_response(503, schema=ApiErrorSchema, description="微信服务不可用")
def login(body):
    # The client's address as ProxyFix settled it (TRUSTED_PROXIES), else the socket peer.
    user, token = auth.login_with_code(body["code"], client_ip=request.remote_addr,
                                       dev_access_key=request.headers.get(dev_access.HEADER))
    return {"token": token, "user": {"id": user.id, "nickname": user.nickname, "roles": auth.roles_of(user)}}
