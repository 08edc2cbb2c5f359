"""Suite-wide fixtures and the rules that keep CI honest.

With ``LMS_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) the suite must run on PostgreSQL with the
real broker: a test marked ``postgres`` or ``celery_worker`` fails instead of skipping, and so
does any other skip, so a green CI run means every test really ran.
"""

import os

import pytest
from django.conf import settings
from django.db import connection

STRICT = os.environ.get("LMS_REQUIRE_POSTGRES") == "1"


def pytest_configure(config):
    from tests import snapshot

    snapshot.install()  # serialized_rollback restores by COPY on PostgreSQL (tests/snapshot.py)
    if STRICT and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise pytest.UsageError("LMS_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL.")


def _cost(item) -> int:
    """A rough rank of a transactional test's length: a real Celery worker (the crash tests
    issue 200 certificates) before a browser before the rest."""
    if item.get_closest_marker("celery_worker"):
        return 0
    if item.get_closest_marker("e2e") or "browser" in getattr(item, "fixturenames", ()):
        return 1
    return 2


@pytest.hookimpl(trylast=True)  # after pytest-django's sort
def pytest_collection_modifyitems(items):
    """A transactional test empties every table when it ends; without serialized_rollback the
    data the migrations created (roles, home page, catalogue, competencies) would be gone for
    the tests after it, and the restore of the next serialized test would collide.

    pytest-django runs the transactional tests after the others (each empties the tables);
    within that block the longest go first, so that under ``make test``'s work stealing
    (``--dist worksteal``) the suite does not end on one worker finishing a long test alone.
    The block stays where pytest-django put it; only its own order changes."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if _is_transactional(item) and not (
            marker is not None and marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                "serialized_rollback=True) for transactional and browser tests."
            )
    block = [i for i, item in enumerate(items) if _is_transactional(item)]
    if block:
        first, last = block[0], block[-1] + 1
        if len(block) == last - first:  # contiguous, as pytest-django leaves it
            items[first:last] = sorted(items[first:last], key=_cost)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (marker is not None and bool(marker.kwargs.get("transaction"))) or bool(
        {"live_server", "transactional_db"} & set(fixtures)
    )


def _unavailable(reason: str):
    if STRICT:
        pytest.fail(f"{reason} (LMS_REQUIRE_POSTGRES=1: required in CI)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("celery_worker") and not settings.CELERY_BROKER_URL:
        _unavailable("needs a Celery broker (set CELERY_BROKER_URL)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which is not allowed: {report.longrepr}"


@pytest.fixture(scope="module")
def _demo_committed(django_db_setup, django_db_blocker):
    """Seeds the demo once per test module (and xdist worker), committed, and puts the
    database back to its migrated state when the module is done. A module opts in with
    ``pytestmark = pytest.mark.usefixtures("_demo_committed")`` (module-scoped, so it is set
    up before any test's transaction); then every test of the module sees the demo data, also
    those that do not ask for ``demo``, so a module opts in only when its tests allow that.

    A fresh seed costs seconds. Each test still runs in its own transaction on top (rolled
    back), and :func:`demo` seeds again inside it, which on seeded data writes nothing and
    takes a fraction of a second, so every test gets fresh objects, and a test after a
    transactional one (which empties the tables) still gets the whole demo. The restore is
    what Django does for ``serialized_rollback``: flush, then load the migrations' rows.
    """
    from django.core.management import call_command
    from django.db import connections

    from lms.core.seeding import seed_demo

    db = connections["default"]
    with django_db_blocker.unblock():
        if not hasattr(db, "_test_serialized_contents"):
            # pytest-django serializes only when a collected test asks for serialized_rollback.
            db._test_serialized_contents = db.creation.serialize_db_to_string()
        else:
            # pytest-django runs transactional tests last, and each empties the tables: the
            # module's remaining tests may come after one, so the migrations' rows come first.
            db.creation.deserialize_db_from_string(db._test_serialized_contents)
        seed_demo()
    yield
    with django_db_blocker.unblock():
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            reset_sequences=False,  # as Django does: rows of the restore keep their ids
            inhibit_post_migrate=True,
        )
        db.creation.deserialize_db_from_string(db._test_serialized_contents)


@pytest.fixture
def demo(db):
    """The demo data as ``make run`` loads it; returns the seeding context."""
    from lms.core.seeding import seed_demo

    return seed_demo()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (values cached for one test's data must not leak)."""
    from django.core.cache import cache

    from lms.core.contentcache import process_cache

    cache.clear()
    process_cache.clear()
    yield
    cache.clear()
    process_cache.clear()
