"""Materials: upload (multipart `kind` + `file`), delete, and the file itself for those allowed to see it."""
import io

from flask import send_file
from marshmallow import Schema, fields, validate

from app.api.blueprint import FilesBlueprint
from app.api.nomination_schemas import NominationFileSchema, file_view
from app.api.schemas import ApiErrorSchema, file_responses
from app.api.security import BEARER_SECURITY, current_user, login_required, optional_user
from app.models import FILE_KINDS
from app.services.materials import downloads, uploads

blp = FilesBlueprint("files", __name__, url_prefix="/api/v1", description="申报材料")


class UploadSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(
        list(FILE_KINDS), error="材料类型应为 id_photo（证件照）、work_photo（工作照）或 certificate（荣誉证书）"))
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                                "description": "JPEG/PNG 照片；荣誉证书也可为 PDF"})


class SignedArgsSchema(Schema):
    expires = fields.String(load_default=None)
    viewer = fields.String(load_default=None)
    signature = fields.String(load_default=None)


@blp.route("/nominations/<int:nomination_id>/files", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(UploadSchema, location="files")
@blp.response(201, NominationFileSchema)
@blp.alt_response(400, schema=ApiErrorSchema, description="文件损坏、夹带其他内容、像素过大")
@blp.alt_response(409, schema=ApiErrorSchema, description="too_many_files：该类材料数量已满；not_editable：推荐已提交；"
                  "stage_closed：推荐申报未开放；resubmit_deadline_passed：退回补充已过截止日期")
@blp.alt_response(413, schema=ApiErrorSchema, description="文件过大")
@blp.alt_response(415, schema=ApiErrorSchema, description="文件类型不支持")
def upload(body, nomination_id):
    upload_file = body["file"]
    row = uploads.attach(current_user(), nomination_id, body["kind"], upload_file.read(), upload_file.filename)
    return file_view(row)


@blp.route("/nominations/<int:nomination_id>/files/<int:file_id>", methods=["DELETE"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(204)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.alt_response(409, schema=ApiErrorSchema, description="not_editable、stage_closed、resubmit_deadline_passed")
def delete(nomination_id, file_id):
    uploads.remove(current_user(), nomination_id, file_id)


@blp.route("/files/<int:file_id>/<string:size>/<string:content_hash>.jpg")
@blp.arguments(SignedArgsSchema, location="query")
@blp.doc(responses=file_responses("照片的缩略图（thumb，约 240 像素）或展示尺寸（display，宽约 750 像素）",
                                  "image/jpeg", conditional=True),
         description="地址中含照片内容的哈希，照片更换后地址随之改变，因此公开照片可长期缓存（一年，immutable）。")
@blp.alt_response(404, schema=ApiErrorSchema, description="不存在、无权查看，或照片已更换")
def download_size(args, file_id, size, content_hash):
    """A public photo's size to anyone, cached for a year; other photos' sizes as their originals are given."""
    row, data = uploads.open_size(file_id, size, content_hash, optional_user(), args["expires"], args["viewer"],
                                  args["signature"])
    public = uploads.is_public_file(row)
    response = send_file(io.BytesIO(data), mimetype="image/jpeg", etag=f"{row.sha256[:16]}-{size}", conditional=True,
                         max_age=31536000 if public else None)
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name(f"{row.kind}-{size}", row.id, "image/jpeg"), inline=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


@blp.route("/files/<int:file_id>")
@blp.arguments(SignedArgsSchema, location="query")
@blp.doc(responses=file_responses("材料文件", "image/jpeg", "image/png", "application/pdf", conditional=True))
@blp.alt_response(404, schema=ApiErrorSchema, description="不存在，或无权查看")
def download(args, file_id):
    """The stored file: public photos of public nominees to anyone; the rest with a signed address issued to a
    user who may still see the nomination, or to a logged-in user allowed to see it."""
    row, data = uploads.open_file(file_id, optional_user(), args["expires"], args["viewer"], args["signature"])
    public = uploads.is_public_file(row)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, conditional=True,
                         max_age=600 if public else None)
    # A PDF is never opened inline on our origin; photos are shown by <image>, saved with their extension.
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name(row.kind, row.id, row.content_type), inline=row.content_type != "application/pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        response.cache_control.public = True
    else:  # personal material: no browser, proxy or CDN keeps a copy
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
