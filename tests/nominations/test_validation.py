"""Bad values in a PATCH are refused with a 400 naming the field, never a 500, and change nothing."""
import pytest

from app.extensions import db
from app.models import Nomination, OrganizationKind
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, make_org,  # noqa: F401
                                         make_representative)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("birth_month", "0000-01", "请按“年-月”填写，例如 1985-06"),
    ("trade_since", "0000-12", "请按“年-月”填写，例如 1985-06"),
    ("birth_month", "0001-01", "出生年月不在合理范围内"),
    ("name", "", "此项为必填项"),
    ("name", None, "此项为必填项"),
    ("name", "   ", "此项为必填项"),
])
def test_a_union_nomination_refuses_a_bad_value_naming_the_field(client, login, campaign, field, value, message):
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    response = client.patch(f"/api/v1/nominations/{nomination_id}", json={field: value}, headers=rep)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["details"]["fields"]) == ("validation_error", {field: message})
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination_id)
    assert (nomination.name, f"{nomination.birth_month:%Y-%m}") == ("赵建国", "1980-05")


def test_a_self_nomination_cannot_clear_the_name_either(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    response = client.patch(f"/api/v1/nominations/{nomination_id}", json={"name": None, "post": "车间主任"},
                            headers=alice)
    assert response.status_code == 400 and response.get_json()["error"]["details"]["fields"] == {"name": "此项为必填项"}
    assert db.session.get(Nomination, nomination_id).post == "数控车间班长"  # nothing changed
