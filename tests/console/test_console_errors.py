"""The console's error pages are Chinese, a 405 says what the path takes, and numbers past the database
(in a path, ?page=, an organization filter) are a 404 or a 400 page, never a 500."""
import re

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.models import Organization

HUGE = ("2147483648", "9223372036854775808", "18446744073709551616")


def _title(response) -> str:
    return re.search(r"<h2>(.*?)</h2>", response.get_data(as_text=True)).group(1)


def test_unknown_pages_and_wrong_methods_are_chinese_pages(organizer_console, client):
    missing = client.get("/console/no-such-page")
    assert missing.status_code == 404 and _title(missing) == "未找到"
    assert "Not Found" not in missing.get_data(as_text=True)
    wrong = client.get("/console/leads/1/assign")
    assert wrong.status_code == 405 and _title(wrong) == "不支持的操作"
    assert wrong.headers["Allow"] == "OPTIONS, POST"
    api = client.delete("/api/v1/auth/login")
    assert api.status_code == 405 and api.headers["Allow"] == "OPTIONS, POST"
    assert api.get_json()["error"]["code"] == "method_not_allowed"


def test_every_console_route_with_an_id_answers_404_for_ids_past_the_database(app, organizer_console, client):
    routes = [(rule, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/console/")
              for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
              if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]
    assert len(routes) >= 15
    for rule, method in routes:
        for value in HUGE:
            url = rule.build({name: value for name in rule.arguments}, append_unknown=False)[1]
            response = client.open(url, method=method)
            assert response.status_code == 404 and _title(response) == "未找到", (method, url, response.status_code)


@pytest.mark.parametrize("path", ["/console/nominations", "/console/leads", "/console/audit", "/console/likes",
                                  "/console/nominations?org=", "/console/organizations?page="])
def test_numbers_past_the_database_in_queries_are_a_400_page(organizer_console, client, path):
    base = path if "=" in path else path + "?page="
    for value in ("99999999999999999999", "²", "100001" if "page" in base else "2147483648"):
        response = client.get(base + value)
        assert response.status_code == 400, (base + value, response.status_code)
        assert _title(response) == "请求有误" and "超出范围" in response.get_data(as_text=True)
    # A number within range still works: page 1, or an organization that exists (ids differ per database).
    within = str(db.session.scalar(sa.select(sa.func.min(Organization.id)))) if "org=" in base else "1"
    assert client.get(base + within).status_code == 200


def test_a_parent_organization_past_the_database_is_refused(organizer_console):
    response = organizer_console.post("/console/organizations", {"name": "某协会", "kind": "association",
                                                                  "parent_id": "99999999999999999999"})
    assert response.status_code == 400 and _title(response) == "请求有误"


def test_a_page_that_is_not_a_number_is_a_chinese_400(organizer_console, client):
    response = client.get("/console/leads?page=abc")
    assert response.status_code == 400 and _title(response) == "请求有误"


def test_voiding_likes_of_ids_past_the_database_is_refused_in_the_form(organizer_console):
    for bad in ("99999999999999999999", "²"):
        response = organizer_console.post("/console/likes/voids", {"reason": "刷票", "nomination_ids": bad},
                                          token_from="/console/likes")
        assert response.status_code == 400 and "推荐对象编号应为数字编号" in response.get_data(as_text=True), bad
