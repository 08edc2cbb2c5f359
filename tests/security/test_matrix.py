"""The authorization matrix (issue 8, docs/quality.md R5), generated from the URLconf.

Roles × every URL × objects of each scope, with the expected outcome per cell declared once in
``tests/security/matrix.py``. A URL without an entry fails ``test_every_url_is_in_the_matrix``;
a cell that lets a role through where the table says no is an unexpected success and fails its
group (so does a refusal where the table says yes, so the table stays the truth).

Outcomes: "ok" is any answer that reached the view's work (2xx, a 400 form or input error, a
409, a redirect elsewhere than a login page or the admin home); "denied" is 401/403/404/405 or
a redirect to a login page or to the Wagtail admin home (Wagtail's "permission denied").
"""

import json
import os
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix import MATRIX, Entry
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

# Set MATRIX_REPORT=/tmp/matrix.tsv to write every cell's outcome (for reviewing the table).
REPORT = os.environ.get("MATRIX_REPORT")
IMPORT_KINDS = {
    "O": "opds",
    "P": "positions",
    "E": "employees",
    "R": "requirements",
    "T": "training-records",
    "Q": "questions",
}


def _walk(resolver, prefix="", namespace="", params=()):
    for pattern in resolver.url_patterns:
        names = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern, prefix + str(pattern.pattern), ns, params + names)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            key = f"{namespace}{pattern.name}" if pattern.name else route
            yield key, route, params + names


def url_table() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """{url name (or route): [(route, parameter names), ...]} for every URL of the site."""
    table = defaultdict(list)
    for key, route, params in _walk(get_resolver()):
        table[key].append((route, params))
    return dict(table)


def test_every_url_is_in_the_matrix():
    declared = {name.split("#")[0] for name in MATRIX}
    missing = sorted(set(url_table()) - declared)
    assert not missing, (
        "URLs without an entry in tests/security/matrix.py (declare who may reach them, and "
        f"add them to docs/security.md): {missing}"
    )
    stale = sorted(declared - set(url_table()))
    assert not stale, f"entries for URLs that no longer exist: {stale}"


def test_every_api_operation_is_in_the_matrix():
    """Every operation of the OpenAPI schema resolves to a URL whose entry declares that
    method (so a new endpoint, or a new method on a path, needs its row)."""
    import re

    from django.urls import resolve

    spec = Client().get("/api/v1/openapi.json").json()
    found = []
    for path, operations in spec["paths"].items():
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
        name = f"{match.namespace}:{match.url_name}"
        for method in operations:
            found.append((name, method.upper()))
            assert name in MATRIX, f"{method.upper()} {path} ({name}) is not in the matrix"
            assert MATRIX[name].method == method.upper(), (path, method, MATRIX[name].method)
    assert len(found) >= 8, found


# --- Filling URL parameters from the world ---------------------------------------------------


def _values(world, entry: Entry, scope: str) -> tuple[dict, str, dict | None]:
    """(URL kwargs candidates, query string, JSON body) for ``entry`` on the ``scope`` object."""
    values: dict = {}
    query, body = entry.query, entry.data
    kind = entry.obj
    if kind == "import_kind":
        values = {"kind": IMPORT_KINDS[scope], "fmt": "csv"}
    elif kind == "import_token":
        values = {"token": world.objects["import_token"]["*"]}
    elif kind == "quiz_in_lesson":
        quiz, lesson = world.obj("quiz", scope), world.obj("lesson", scope)
        values = {"quiz_id": quiz.pk}
        query = f"halaman={lesson.pk}"
        body = {"page_id": lesson.pk}
    elif kind == "h5p_in_lesson":
        package, lesson = world.obj(kind, scope)
        values = {"package_id": package.pk, "page_id": lesson.pk}
    elif kind == "page_add":
        parent = world.obj("page", scope)
        child = "coursepage" if scope == "C" else "modulepage"
        values = {
            "content_type_app_name": "courses",
            "content_type_model_name": child,
            "parent_page_id": parent.pk,
        }
    elif kind is not None:
        obj = world.obj(kind, scope)
        pk = obj.pk
        values = {
            "pk": pk,
            "id": pk,
            "object_id": pk,
            "attempt_id": pk,
            "course_id": pk,
            "lesson_id": pk,
            "quiz_id": pk,
            "page_id": pk,
            "parent_page_id": pk,
            "page_to_move_id": pk,
            "page_pk": pk,
            "image_id": pk,
            "document_id": pk,
            "doc_id": pk,
            "collection_id": pk,
            "workflow_pk": pk,
        }
        if kind == "page":
            values["revision_id"] = obj.latest_revision_id
            values["revision_id_a"] = "earliest"
            values["revision_id_b"] = "latest"
    obj = world.obj(kind, scope) if kind in world.objects else None
    if callable(query):
        query = query(obj)
    values.update(
        {key: value(obj) if callable(value) else value for key, value in entry.params.items()}
    )
    return values, query, body


def _url(name: str, routes, values: dict) -> str:
    if "_path" in values:  # routes with unnamed groups, or a literal path
        return values["_path"]
    for _route, params in routes:
        if all(param in values for param in params):
            kwargs = {param: values[param] for param in params}
            if name.startswith("admin/") or "/" in name:
                return "/" + _route
            return reverse(name, kwargs=kwargs) if kwargs else reverse(name)
    raise AssertionError(f"{name}: cannot fill {routes} from {sorted(values)}")


def outcome(response, method: str, *, redirect_ok: bool | str = False) -> str:
    """A redirect to a login page or to the admin home ("permission denied") is a refusal; so
    is a GET sent out of the admin (a lesson sends a learner who is not enrolled to the course
    page). A POST answered with another redirect did its work; a GET redirected to another
    admin page reached it (the explorer opens the user's own root)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403, 404, 405):
        return "denied"
    if 300 <= status < 400:
        location = response.get("Location", "")
        to_login = "/akun/masuk/" in location or "/admin/login/" in location
        if redirect_ok == "any" or (redirect_ok and not to_login):
            return "ok"
        if (method == "GET" and not location.startswith("/admin/")) or (
            "/akun/masuk/" in location
            or "/admin/login/" in location
            or location.rstrip("/") in ("/admin", "http://testserver/admin")
        ):
            return "denied"
    return "ok"


def _call(client: Client, entry: Entry, url: str, query: str, body):
    target = f"{url}?{query}" if query else url
    if entry.method == "GET":
        return client.get(target)
    if body is not None:
        payload = json.dumps(body)
        call = client.put if entry.method == "PUT" else client.post
        return call(target, payload, content_type="application/json")
    call = client.put if entry.method == "PUT" else client.post
    return call(target)


def _cells(entry: Entry, world) -> list[tuple[str, str, bool]]:
    """(role, scope, expected to get through) for every cell of an entry."""
    cells = []
    if entry.obj is None:
        for role in ROLES:
            cells.append((role, "", role in entry.allow))
        return cells
    kind_key = {
        "import_kind": "".join(IMPORT_KINDS),
        "import_token": "*",
        "quiz_in_lesson": "XY",
        "h5p_in_lesson": "XY",
        "page_add": "XYC",
    }
    scopes = entry.scopes or kind_key.get(entry.obj) or "".join(world.objects[entry.obj])
    for role in ROLES:
        allowed = entry.allow.get(role, "")
        for scope in scopes:
            cells.append((role, scope, scope in allowed))
    return cells


GROUPS = {
    "people": (
        "opd:",
        "jabatan:",
        "pegawai:",
        "cakupan-opd:",
        "log-audit:",
        "perbaikan-data:",
        "dua-langkah-admin:",
    ),
    "competencies": (
        "kompetensi:",
        "standar-jenis-jabatan:",
        "standar-jabatan:",
        "bukti-kompetensi:",
        "riwayat-pelatihan:",
        "penugasan:",
    ),
    "assessments": (
        "bank-soal:",
        "soal:",
        "wagtailsnippet",
        "percobaan:",
        "pustaka-h5p:",
        "courses_learning",
    ),
    "imports": ("lms_imports:",),
    "learner": (
        "set_language",
        "healthz",
        "users:",
        "courses:",
        "assessments:",
        "api-v1:",
        "notifications:",
        "privacy",
    ),  # noqa: E501
    "wagtail_pages": ("wagtailadmin_pages:", "wagtailadmin_explore", "wagtail_bulk"),
    "wagtail_serve": ("wagtail_serve", "wagtaildocs_serve"),
    "wagtail_other": ("wagtail", "admin/", "_util/"),
}


def _group_of(name: str) -> str:
    return next(
        (group for group, prefixes in GROUPS.items() if name.startswith(prefixes)),
        "wagtail_other",
    )


def test_every_entry_has_a_group():
    assert {_group_of(name) for name in MATRIX} <= set(GROUPS)


@pytest.fixture
def world():
    from tests.security.world import stage_import

    built = build_world()
    built.objects["import_token"] = {"*": stage_import(built.users["bkpsdm"])}
    return built


@pytest.mark.parametrize("group", list(GROUPS))
def test_matrix(group, world, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    urls = url_table()
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    unexpected_success, unexpected_refusal, errors = [], [], []
    tried = 0
    for name, entry in MATRIX.items():
        if _group_of(name) != group:
            continue
        for role, scope, expected in _cells(entry, world):
            values, query, body = (
                _values(world, entry, scope)
                if entry.obj
                else (dict(entry.params), entry.query, entry.data)
            )
            url = _url(name.split("#")[0], urls[name.split("#")[0]], values)
            with transaction.atomic():  # every cell sees the same world (no enrolment leaks)
                response = _call(clients[role], entry, url, query, body)
                transaction.set_rollback(True)
            if world.users[role] is not None and "logout" in name:
                clients[role].force_login(world.users[role])  # the next cell needs a session
            if world.users[role] is None:
                # A session a stranger's cell started was rolled back with it, but cached_db
                # sessions keep it in the cache: the next cell starts without one, as a stranger.
                clients[role].cookies.pop(settings.SESSION_COOKIE_NAME, None)
            tried += 1
            got = outcome(response, entry.method, redirect_ok=entry.redirect_ok)
            if entry.refused_to and response.get("Location") == entry.refused_to(
                world.obj(entry.obj, scope)
            ):
                got = "denied"
            where = response.get("Location", "")
            cell = f"{role:10} {scope or '-':2} {entry.method:4} {url} → {response.status_code}" + (
                f" {where}" if where else ""
            )
            if REPORT:
                with open(REPORT, "a") as report:
                    report.write(f"{name}\t{role}\t{scope}\t{got}\t{expected}\t{cell}\n")
            if got == "error" and entry.raises:
                got = "ok"
            if got == "error":
                errors.append(cell)
            elif got == "ok" and not expected:
                unexpected_success.append(cell)
            elif got == "denied" and expected:
                unexpected_refusal.append(cell)
    assert tried
    assert not errors, "server errors:\n" + "\n".join(errors)
    assert not unexpected_success, "UNEXPECTED SUCCESS:\n" + "\n".join(unexpected_success)
    assert not unexpected_refusal, "refused although allowed:\n" + "\n".join(unexpected_refusal)
