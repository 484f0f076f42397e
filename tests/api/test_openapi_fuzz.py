"""The API document tells the truth: schemathesis fuzzes every operation of /api/openapi.json.

As a public user and as an organizer, against the demo in the promotion stage, a bounded number of
generated requests per operation with a fixed seed: no answer is a 5xx, and every answer's status,
content type and body are the ones the document declares.
"""
from __future__ import annotations

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

EXAMPLES_PER_OPERATION = 25
# Valid requests: every answer is declared. Invalid ones (a wrong type, a missing or an extra field):
# refused with a 4xx, declared too, never a 5xx.
CHECKS = {
    GenerationMode.POSITIVE: [not_a_server_error, status_code_conformance, content_type_conformance,
                              response_schema_conformance],
    GenerationMode.NEGATIVE: [not_a_server_error, negative_data_rejection, content_type_conformance,
                              response_schema_conformance],
}


def _fuzz(app, headers: dict, mode: GenerationMode) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @seed(20191015)
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS[mode])

        try:
            run()
        except Unsatisfiable:
            continue  # nothing to send wrong: the operation takes no parameters and no body
        except BaseException as exc:  # noqa: BLE001 - every operation is tried; the failures are reported together
            if isinstance(exc, KeyboardInterrupt):
                raise
            found = [line.strip() for line in str(exc).splitlines()
                     if line.strip().startswith(("- ST", "curl ", "[", "Validated against", "Additional"))]
            failures.append(f"{operation.label}: " + (" | ".join(found[:8]) or f"{type(exc).__name__}: {str(exc)[:300]}"))
    return failures


@pytest.mark.parametrize("mode", list(CHECKS))
def test_public_user_finds_no_server_error_and_no_answer_the_document_does_not_declare(app, seeded, login, mode):
    failures = _fuzz(app, login("alice"), mode)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("mode", list(CHECKS))
def test_organizer_finds_no_server_error_and_no_answer_the_document_does_not_declare(app, seeded, login, mode):
    failures = _fuzz(app, login("organizer"), mode)
    assert not failures, "\n".join(failures)
