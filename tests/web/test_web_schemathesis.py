"""schemathesis against /api/v1: every operation of the OpenAPI document the app serves is called, through
the WSGI app on the site database built from the recorded fixtures, with cases generated from the document
(valid and invalid parameters), and every response must have a documented status code, a documented
content type, a body that conforms to the documented schema, and no 5xx.

Bounded and reproducible: MAX_EXAMPLES cases per operation and mode, derandomized, no example database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CheckFunction
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from statecare.web.openapi import openapi_document

MAX_EXAMPLES = 25  # per operation and generation mode: 15 operation/mode pairs -> at most 375 cases
_PATHS = openapi_document("http://localhost")["paths"]
# negative cases need a parameter to break: the operations without parameters get valid cases only
CASES = [pytest.param(path, mode, id=f"{path}-{mode}") for path in sorted(_PATHS)
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or _PATHS[path]["get"].get("parameters")]


def _not_a_server_error(ctx: object, response: schemathesis.Response, case: schemathesis.Case) -> None:
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query!r} -> {response.status_code}: {response.text[:300]}")


CHECKS: list[CheckFunction] = [status_code_conformance, content_type_conformance,
                               response_schema_conformance, _not_a_server_error]


@pytest.fixture(scope="module")
def site_app(site_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from statecare.app import create_app
    from statecare.web import queries as web_queries

    web_queries.clear_cache()
    app: Flask = create_app({"DATABASE_URL": site_sqlite_url, "TESTING": True, "SECRET_KEY": "test-secret",
                             "INSTANCE_PATH": str(tmp_path_factory.mktemp("st") / "instance")})
    yield app
    app.extensions["statecare_engine"].dispose()


@pytest.fixture(scope="module")
def api_schema(site_app: Flask) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", site_app)


@pytest.fixture(scope="module")
def stored_bills(site_app: Flask) -> list[dict[str, str]]:
    """Path parameters of real bills: random session names and bill numbers only ever find nothing."""
    rows = site_app.test_client().get("/api/v1/bills?per_page=200").get_json()["results"]
    assert rows
    return [{"state": r["state"], "session": r["legislative_session"], "identifier": r["identifier"]} for r in rows]


@pytest.fixture(scope="module")
def stored_people(site_app: Flask) -> dict[str, list[str]]:
    """Ids of the loaded legislators and committees (a random uuid only ever finds nothing)."""
    from sqlalchemy import select

    from statecare.db.models import Committee, Legislator

    with site_app.app_context():
        from statecare.web import db as webdb

        s = webdb.session()
        ids = {"legislators": list(s.scalars(select(Legislator.slug).limit(50))),
               "committees": list(s.scalars(select(Committee.slug).limit(50)))}
    assert ids["legislators"] and ids["committees"]
    return ids


@pytest.mark.parametrize(("path", "mode"), CASES)
def test_api_conforms_to_its_openapi_document(api_schema: schemathesis.BaseSchema,
                                              stored_bills: list[dict[str, str]],
                                              stored_people: dict[str, list[str]], path: str,
                                              mode: GenerationMode) -> None:
    operation = api_schema[path]["GET"]
    # valid cases of the one-bill operation name a stored bill half of the time (its other parameters,
    # format and include_text, still come from the document); the same for a legislator or committee
    positive = mode is GenerationMode.POSITIVE
    real: st.SearchStrategy[dict[str, str] | None] = st.none()
    if "{identifier}" in path and positive:
        real = st.sampled_from(stored_bills)
    elif "{id}" in path and positive:
        real = st.sampled_from([{"id": i} for i in stored_people[path.split("/")[3]]])
    calls = 0
    statuses: dict[int, int] = {}

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), print_blob=False)
    @given(case=operation.as_strategy(generation_mode=mode), bill=st.one_of(st.none(), real))
    def run(case: schemathesis.Case, bill: dict[str, str] | None) -> None:
        nonlocal calls
        if bill is not None:
            case.path_parameters = dict(bill)
        calls += 1
        # the WSGI transport hands back the bytes as sent: ask for them uncompressed (gzip has its own
        # test, tests/web/test_web_compress.py)
        response = case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    run()
    print(f"{path} {mode}: {calls} cases, statuses {dict(sorted(statuses.items()))}")
    assert calls >= (MAX_EXAMPLES if operation.path_parameters or operation.query else 1)
    if mode is GenerationMode.POSITIVE:
        assert 200 in statuses, "no valid case was answered"  # the cases reached real data, not only errors
