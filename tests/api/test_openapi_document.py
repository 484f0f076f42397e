"""What /api/openapi.json says is what the API does: a client generated from it works."""
from __future__ import annotations

import io

import sqlalchemy as sa

from app.extensions import db
from app.models import NominationFile
from tests.factories.nominations import campaign, jpeg_bytes  # noqa: F401

BINARY = {"type": "string", "format": "binary"}


def _document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


def _resolve(document: dict, response: dict) -> dict:
    if "$ref" in response:
        return document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def test_every_documented_error_has_the_answers_one_shape(client):
    document = _document(client)
    shapes = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if status == "default" or int(status) >= 400:
                    schema = _resolve(document, response)["content"]["application/json"]["schema"]
                    shapes.add(schema["$ref"].rsplit("/", 1)[1])
    assert shapes == {"ApiError"}
    error = document["components"]["schemas"]["ApiError"]
    assert error["properties"].keys() == {"error"} and error["required"] == ["error"]
    body = document["components"]["schemas"]["ApiErrorBody"]
    assert body["properties"].keys() == {"code", "message", "details"}


def test_a_request_that_does_not_match_its_schema_is_documented_as_the_400_it_gets(client, login, campaign):
    document = _document(client)
    create = document["paths"]["/api/v1/nominations"]["post"]["responses"]
    assert "400" in create and "422" not in create
    answer = client.post("/api/v1/nominations", json={"channel": 5}, headers=login("alice"))
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "validation_error"
    every_status = {status for operations in document["paths"].values() for method, operation in operations.items()
                    if method != "parameters" for status in operation["responses"]}
    assert "422" not in every_status


def test_file_answers_are_documented_as_files_of_their_types(client):
    paths = _document(client)["paths"]
    expected = {
        ("/api/v1/files/{file_id}", "get"): {"image/jpeg", "image/png", "application/pdf"},
        ("/api/v1/nominations/{nomination_id}/form.docx", "get"):
            {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        ("/api/v1/organizations/{org_id}/summary.xlsx", "get"):
            {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        ("/api/v1/nominees/{nomination_id}/poster", "get"): {"image/png"},
        ("/api/v1/nominees/{nomination_id}/share-card.png", "get"): {"image/png"},
        ("/api/v1/endorsement-letters/{letter_id}", "get"): {"image/jpeg", "image/png"},
        ("/api/v1/nominations/{nomination_id}/endorsement-qr", "get"): {"image/png"},
    }
    for (path, method), types in expected.items():
        content = paths[path][method]["responses"]["200"]["content"]
        assert set(content) == types, path
        assert all(media["schema"] == BINARY for media in content.values()), path


def test_the_like_operation_documents_its_refusals_and_the_idempotency_key_pattern(client, login):
    operation = _document(client)["paths"]["/api/v1/nominees/{nomination_id}/like"]["post"]
    assert {"400", "404"} <= set(operation["responses"])
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["schema"]["pattern"] == r"^[A-Za-z0-9_.:-]{1,64}$"
    refused = client.post("/api/v1/nominees/1/like", headers={**login("alice"), "Idempotency-Key": "no spaces"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_idempotency_key"
    beyond = client.post(f"/api/v1/nominees/{2 ** 64}/like", headers=login("alice"))
    assert beyond.status_code == 404 and beyond.get_json()["error"]["code"] == "not_found"


def test_an_upload_with_a_part_the_document_does_not_name_is_refused_and_nothing_is_stored(client, login, campaign):
    upload_body = _document(client)["paths"]["/api/v1/nominations/{nomination_id}/files"]["post"]["requestBody"]
    schema_name = upload_body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert _document(client)["components"]["schemas"][schema_name]["additionalProperties"] is False
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    answer = client.post(f"/api/v1/nominations/{nomination_id}/files", headers=alice, content_type="multipart/form-data",
                         data={"kind": "work_photo", "file": (io.BytesIO(jpeg_bytes()), "a.jpg"), "owner": "x"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"]["fields"] == {"owner": ["不支持的字段"]}
    assert db.session.scalar(sa.select(sa.func.count(NominationFile.id))) == 0


def test_a_query_parameter_the_document_does_not_name_is_refused(client, login, campaign):
    answer = client.get("/api/v1/me/notifications?page=1&pagee=2", headers=login("alice"))
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"]["fields"] == {"pagee": ["不支持的字段"]}
    assert client.get("/api/v1/me/notifications?page=1&per_page=5", headers=login("alice")).status_code == 200


def test_a_scanned_code_that_cannot_be_used_is_documented_under_each_status_it_answers(client):
    """Invalid 404, used 409, expired or replaced 410: a client can tell the scanner which, from the document."""
    paths = _document(client)["paths"]
    for path, method in (("/api/v1/endorsements/{token}", "get"), ("/api/v1/endorsements/{token}", "post"),
                         ("/api/v1/endorsements/{token}/letter", "post"),
                         ("/api/v1/representative-invitations/{token}", "get"),
                         ("/api/v1/representative-invitations/{token}", "post")):
        responses = paths[path][method]["responses"]
        assert {"404", "409", "410"} <= responses.keys(), (path, method)
        assert "token_revoked" in responses["410"]["description"]
