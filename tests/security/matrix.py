# ruff: noqa: E501 - a table reads best one row per line
"""THE authorization table: every URL of the site, who may reach it, on which objects.

One entry per URL name (``namespace:name``; a route string for unnamed URLs). An entry says
which object kind fills the URL's parameters (see ``tests/security/world.py`` for the scope
letters) and, per role, the scopes it may reach: ``{"admin_a": "A", "bkpsdm": "AB"}`` means
Admin OPD A reaches the OPD-A object, BKPSDM both, every other role neither. For URLs without
an object, ``allow`` is a set of roles. Anything not allowed must be refused (a redirect to a
login page or to the admin home with "permission denied", 403, 404 or 405).

``test_every_url_is_in_the_matrix`` fails when a URL is added without an entry here, and the
matrix tests fail on any unexpected success (and on any unexpected refusal, so the table stays
true). docs/security.md is the readable form of this table.
"""

from dataclasses import dataclass, field

STAFF = {"trainer_x", "trainer_y", "admin_a", "admin_b", "bkpsdm"}
LEARNERS = {"learner", "learner2"}
USERS = LEARNERS | STAFF
EVERYONE = USERS | {"anonymous"}
TRAINERS = {"trainer_x", "trainer_y", "bkpsdm"}  # who authors courses and assessments
HR = {"admin_a", "admin_b", "bkpsdm"}
AUTHORS = {"trainer_x", "trainer_y"}  # Pengajar only
NOBODY: set[str] = set()  # superusers only

# Per-object shorthands.
OPD_SCOPED = {"admin_a": "A", "admin_b": "B", "bkpsdm": "AB"}
BKPSDM_ONLY_AB = {"bkpsdm": "AB"}
COURSE_SCOPED = {"trainer_x": "X", "trainer_y": "Y", "bkpsdm": "XY"}
AUTHOR_SCOPED = {"trainer_x": "X", "trainer_y": "Y"}  # BKPSDM reads, never edits
OWN_ONLY = {"learner": "1", "learner2": "2"}


@dataclass(frozen=True)
class Entry:
    allow: object  # set of roles, or {role: scopes} when ``obj`` is set
    obj: str | None = None  # object kind filling the URL parameters
    scopes: str = ""  # the scopes tried (default: every scope the world has for ``obj``)
    method: str = "GET"
    params: dict = field(default_factory=dict)  # fixed extra parameter values
    query: object = ""  # a query string, or obj -> query string (e.g. an OPD's code)
    data: dict | None = None  # JSON body for API calls
    note: str = ""
    raises: bool = False  # a view that raises on purpose (its 500 is the expected answer)
    # A redirect is this view's normal answer ("any": even to a login page).
    redirect_ok: bool | str = False
    refused_to: object = None  # obj -> the redirect that means "refused" for this POST


def E(allow, obj=None, **kwargs) -> Entry:  # noqa: N802 - reads as a table
    return Entry(allow=allow, obj=obj, **kwargs)


def viewset(prefix: str, obj: str, *, view, add, change, delete=None, inspect=True,
            history=True, usage=True, extra: dict | None = None) -> dict[str, Entry]:  # fmt: skip
    """The standard URLs of a Wagtail ModelViewSet named ``prefix``."""
    entries = {
        f"{prefix}:index": E(set(view)),
        f"{prefix}:index_results": E(set(view)),
    }
    if add is not None:
        entries[f"{prefix}:add"] = E(set(add))
    if change is not None:
        entries[f"{prefix}:edit"] = E(change, obj)
    if delete is not None:
        entries[f"{prefix}:delete"] = E(delete, obj)
    if inspect is not False:
        entries[f"{prefix}:inspect"] = E(inspect if isinstance(inspect, dict) else {}, obj)
    if history is not False:
        entries[f"{prefix}:history"] = E(history, obj)
        entries[f"{prefix}:history_results"] = E(history, obj)
    if usage is not False:
        entries[f"{prefix}:usage"] = E(usage, obj)
    entries.update(extra or {})
    return entries


def _people() -> dict[str, Entry]:
    opd_read = {"admin_a": "A", "admin_b": "B", "bkpsdm": "AB"}
    employee_read = {"admin_a": "AT", "admin_b": "B", "bkpsdm": "ABT"}
    employee_edit = {"admin_a": "A", "admin_b": "B", "bkpsdm": "ABT"}  # staff: BKPSDM only
    return {
        **viewset(
            "opd", "opd", view=HR, add={"bkpsdm"}, change=BKPSDM_ONLY_AB,
            delete=BKPSDM_ONLY_AB, inspect=opd_read, history=BKPSDM_ONLY_AB, usage=BKPSDM_ONLY_AB,
        ),
        **viewset(
            "jabatan", "position", view=HR, add={"bkpsdm"}, change=BKPSDM_ONLY_AB,
            delete=BKPSDM_ONLY_AB, inspect=opd_read, history=BKPSDM_ONLY_AB, usage=BKPSDM_ONLY_AB,
        ),
        **viewset(
            "pegawai", "employee", view=HR, add=HR, change=employee_edit, delete={},
            inspect=employee_read, history=employee_read, usage=employee_edit,
        ),
        **viewset(
            "cakupan-opd", "opdscope", view={"bkpsdm"}, add={"bkpsdm"}, change=BKPSDM_ONLY_AB,
            delete=BKPSDM_ONLY_AB, inspect=BKPSDM_ONLY_AB, history=BKPSDM_ONLY_AB,
            usage=BKPSDM_ONLY_AB,
        ),
        # Account activation (lms.people.views): HR who edit the employee; another OPD's
        # employee 404 (logged); an account not waiting any more: back to its page with a message.
        "aktivasi:index": E(HR, note="rows of the caller's OPDs only"),
        "aktivasi:employee_email": E(employee_edit, "employee", method="POST", params={"pk": lambda e: e.pk}, redirect_ok=True, refused_to=lambda e: "/admin/"),
        "aktivasi:employee_letter": E(employee_edit, "employee", method="POST", params={"pk": lambda e: e.pk}, redirect_ok=True, refused_to=lambda e: "/admin/"),
        # Two-factor reset (lms.users.twofactor.admin_views): BKPSDM (otp_totp.delete_totpdevice)
        # and superusers, any account but a superuser's; the GET is the confirmation page.
        "dua-langkah-admin:reset": E({"bkpsdm": "ABT"}, "employee", params={"user_id": lambda e: e.user_id}),
        "dua-langkah-admin:reset#post": E({"bkpsdm": "ABT"}, "employee", method="POST", params={"user_id": lambda e: e.user_id}, redirect_ok=True, refused_to=lambda e: "/admin/", note="back to the confirmation page, or to next"),
        # Correction requests (UU 27/2022): HR of the employee's OPD and BKPSDM; another OPD's
        # request 404; the resolve view is POST only (an empty POST: back with a message, nothing written).
        "perbaikan-data:index": E(HR, note="requests of the caller's OPDs only"),
        "perbaikan-data:index_results": E(HR),
        "perbaikan-data:inspect": E(OPD_SCOPED, "correction"),
        "perbaikan-data:resolve": E(OPD_SCOPED, "correction", method="POST"),
    }  # fmt: skip


def _competencies() -> dict[str, Entry]:
    everyone_hr = {"admin_a": "*", "admin_b": "*", "bkpsdm": "*"}
    return {
        **viewset(
            "kompetensi", "competency", view=HR, add={"bkpsdm"}, change={"bkpsdm": "*"},
            delete={"bkpsdm": "*"}, inspect=everyone_hr, history={"bkpsdm": "*"},
            usage={"bkpsdm": "*"},
        ),
        **viewset(
            "standar-jenis-jabatan", "defaultrequirement", view=HR, add={"bkpsdm"},
            change={"bkpsdm": "*"}, delete={"bkpsdm": "*"}, inspect=everyone_hr,
            history={"bkpsdm": "*"}, usage={"bkpsdm": "*"},
        ),
        **viewset(
            "standar-jabatan", "positionrequirement", view=HR, add={"bkpsdm"},
            change=BKPSDM_ONLY_AB, delete=BKPSDM_ONLY_AB, inspect=OPD_SCOPED,
            history=BKPSDM_ONLY_AB, usage=BKPSDM_ONLY_AB,
        ),
        **viewset(
            "bukti-kompetensi", "evidence", view=HR, add={"bkpsdm"}, change=None,
            inspect=OPD_SCOPED, history=False, usage=False,
        ),
        **viewset(
            "riwayat-pelatihan", "learningrecord", view=HR, add=None, change=None,
            inspect=OPD_SCOPED, history=False, usage=False,
        ),
        **viewset(
            "penugasan", "assignment", view=HR, add=HR, change={}, delete={},
            inspect=OPD_SCOPED, history=OPD_SCOPED, usage={},
        ),  # an assignment is not edited or deleted once made (its enrolments exist)
    }  # fmt: skip


def _assessments() -> dict[str, Entry]:
    quiz = "wagtailsnippets_assessments_quiz"
    chooser = "wagtailsnippetchoosers_assessments_quiz"
    return {
        **viewset(
            "bank-soal", "bank", view=TRAINERS, add={"trainer_x", "trainer_y"},
            change=AUTHOR_SCOPED, delete={}, inspect=COURSE_SCOPED, history=AUTHOR_SCOPED,
            usage=AUTHOR_SCOPED,
        ),
        **viewset(
            "soal", "question", view=TRAINERS, add={"trainer_x", "trainer_y"},
            change=AUTHOR_SCOPED, delete={}, inspect=COURSE_SCOPED, history=AUTHOR_SCOPED,
            usage=AUTHOR_SCOPED,
            extra={"soal:active": E(AUTHOR_SCOPED, "question", method="POST")},
        ),
        f"{quiz}:list": E(TRAINERS),
        f"{quiz}:list_results": E(TRAINERS),
        f"{quiz}:add": E({"trainer_x", "trainer_y"}),
        f"{quiz}:edit": E(AUTHOR_SCOPED, "quiz"),
        f"{quiz}:delete": E({}, "quiz"),
        f"{quiz}:usage": E(AUTHOR_SCOPED, "quiz"),
        f"{quiz}:history": E(AUTHOR_SCOPED, "quiz"),
        f"{quiz}:history_results": E(AUTHOR_SCOPED, "quiz"),
        f"{quiz}:inspect": E(COURSE_SCOPED, "quiz"),
        f"{quiz}:statistics": E(COURSE_SCOPED, "quiz"),
        f"{chooser}:choose": E(TRAINERS),
        f"{chooser}:choose_results": E(TRAINERS),
        f"{chooser}:chosen": E(COURSE_SCOPED, "quiz"),
        f"{chooser}:chosen_multiple": E(TRAINERS),
        f"{chooser}:create": E({"trainer_x", "trainer_y"}),
        **viewset(
            "percobaan", "attempt", view=TRAINERS, add=None, change=None,
            inspect=COURSE_SCOPED, history=False, usage=False,
        ),
        **_h5p_admin(),
        "courses_learning_gain": E(TRAINERS),
        "bank-soal:access": E({"bkpsdm": "XY"}, "bank", note="BKPSDM shares a bank with trainers"),
        "courses_trainers": E({"bkpsdm": "XY"}, "course", note="BKPSDM assigns a course's trainers"),
    }  # fmt: skip


def _h5p_admin() -> dict[str, Entry]:
    """H5P activities (a snippet) and libraries in the admin (assessments.viewsets.h5p): a
    Pengajar their own packages and those placed in their courses' lessons, BKPSDM all; only
    BKPSDM enables or disables a library (POST with the CSRF token)."""
    package = "wagtailsnippets_assessments_h5ppackage"
    chooser = "wagtailsnippetchoosers_assessments_h5ppackage"
    every_library = {"trainer_x": "*", "trainer_y": "*", "bkpsdm": "*"}
    return {
        f"{package}:list": E(TRAINERS),
        f"{package}:list_results": E(TRAINERS),
        f"{package}:add": E(TRAINERS, note="redirects to the import screen of the kind h5p (no model form)"),
        f"{package}:edit": E(COURSE_SCOPED, "h5ppackage", note="the title only"),
        f"{package}:delete": E({}, "h5ppackage"),
        f"{package}:usage": E(COURSE_SCOPED, "h5ppackage"),
        f"{package}:history": E(COURSE_SCOPED, "h5ppackage"),
        f"{package}:history_results": E(COURSE_SCOPED, "h5ppackage"),
        f"{package}:inspect": E(COURSE_SCOPED, "h5ppackage"),
        f"{chooser}:choose": E(TRAINERS, note="ready packages of the user's scope"),
        f"{chooser}:choose_results": E(TRAINERS),
        f"{chooser}:chosen": E(COURSE_SCOPED, "h5ppackage"),
        f"{chooser}:chosen_multiple": E(TRAINERS),
        f"{chooser}:create": E(NOBODY, note="packages come in through the import screen only"),
        **viewset(
            "pustaka-h5p", "h5plibrary", view=TRAINERS, add=None, change=None,
            inspect=every_library, history=False, usage=False,
            extra={
                "pustaka-h5p:enable": E({"bkpsdm": "*"}, "h5plibrary", method="POST"),
                "pustaka-h5p:disable": E({"bkpsdm": "*"}, "h5plibrary", method="POST"),
            },
        ),
    }  # fmt: skip


def _imports() -> dict[str, Entry]:
    return {
        "lms_imports:upload": E({"trainer_x", "trainer_y", "admin_a", "admin_b", "bkpsdm"}),
        "lms_imports:template": E(
            {"trainer_x": "Q", "trainer_y": "Q", "admin_a": "E", "admin_b": "E",
             "bkpsdm": "OPERT"},
            "import_kind",
        ),
        "lms_imports:export": E(
            {"trainer_x": "Q", "trainer_y": "Q", "admin_a": "OPERT", "admin_b": "OPERT",
             "bkpsdm": "OPERTQ"},
            "import_kind",
            note="Admin OPD exports what she may view, limited to her OPD",
        ),
        "lms_imports:preview": E({"bkpsdm": "*"}, "import_token"),
        # The whole report of an upload (CSV): only its uploader, like the preview.
        "lms_imports:report": E({"bkpsdm": "*"}, "import_token"),
        "lms_imports:confirm": E({"bkpsdm": "*"}, "import_token", method="POST"),
        # Another dry run of the uploader's own file with a category -> bank mapping.
        "lms_imports:mapping": E({"bkpsdm": "*"}, "import_token", method="POST"),
    }  # fmt: skip


def _learner_side() -> dict[str, Entry]:
    own_or_open = {"learner": "X", "learner2": "Y"}
    return {
        "set_language": E(EVERYONE, method="POST"),
        "healthz": E(EVERYONE),
        "favicon": E(EVERYONE, redirect_ok="any"),
        "users:login": E(EVERYONE, redirect_ok=True, note="a logged-in user goes to the dashboard"),
        "users:logout": E(EVERYONE, method="POST", redirect_ok="any"),
        "users:csrf_token": E(USERS, note="the session's CSRF token for a page that outlived it; anonymous: 401 JSON"),
        # Two-factor login (lms.users.twofactor): one's own account only. Nobody in the world has a
        # device, so the verification and recovery-code pages send them back to enrolment.
        "users:twofactor": E(USERS, note="enrolment (QR code, secret) without an app; the status once verified"),
        "users:twofactor#post": E(USERS, method="POST", note="confirms the enrolment with a code: without one a 400 form"),
        "users:twofactor_verify": E(set(), note="with a device: the code form; without one: back to enrolment"),
        "users:twofactor_verify#post": E(USERS, method="POST", note="without a device: back to enrolment, nothing checked"),
        "users:twofactor_recovery": E(set(), note="only right after they were made (in the session); else back to /akun/dua-langkah/"),
        "users:twofactor_recovery_download": E(set(), note="same"),
        "users:twofactor_recovery_new": E(USERS, method="POST", note="needs a verified device: else back with a message, nothing made"),
        "users:twofactor_disable": E(USERS, method="POST", note="learners, verified; else back with a message, nothing removed"),
        "users:password_reset": E(EVERYONE),
        "users:password_reset_done": E(EVERYONE),
        "users:password_reset_confirm": E(EVERYONE, params={"uidb64": "MQ", "token": "salah-token"}, note="a wrong token shows the 'link invalid' page"),
        "users:activate": E(EVERYONE, params={"uidb64": "MQ", "token": "salah-token"}, note="a wrong token shows the 'link invalid' page"),
        "courses:dashboard": E(USERS),
        "courses:enroll": E(dict.fromkeys(USERS, "XY"), "course", method="POST"),
        "courses:withdraw_confirm": E(
            {"learner": "X", "learner2": "Y"}, "course",
            note="the confirmation of one's own self-enrollment; anyone else: back to the course page with a message",
        ),
        "courses:withdraw": E(
            {"learner": "X", "learner2": "Y"}, "course", method="POST",
            note="POST only; one's own enrollment; the others have none (404, no change)",
        ),
        "courses:completion": E(
            {}, "course",
            note="nobody in the world completed X or Y: back to the course page, never a false 'Kursus selesai'",
        ),
        "courses:complete_lesson": E(
            own_or_open, "lesson", method="POST", refused_to=lambda lesson: lesson.url,
            note="not enrolled: back to the lesson with 'Daftar ke kursus ini terlebih dahulu', nothing written",
        ),
        "assessments:quiz": E(own_or_open, "quiz_in_lesson"),
        "assessments:attempt": E(OWN_ONLY, "own_attempt"),
        "assessments:result": E(OWN_ONLY, "own_attempt", redirect_ok=True, note="an attempt in progress goes back to its form"),
        "assessments:h5p_xapi": E(
            own_or_open, "h5p_in_lesson", method="POST",
            data={"id": "6f1c2d3e-4b5a-4c6d-8e7f-001122334455", "verb": {"id": "http://adlnet.gov/expapi/verbs/interacted"}},
            note="the activity's lesson, enrolled learners only; anonymous: to the login page",
        ),
        "assessments:h5p_state": E(
            own_or_open, "h5p_in_lesson", method="POST", data={"data": "{}"},
            note="one's own player state, keyed by the session's user",
        ),
        # The sandboxed player and its files (docs/h5p.md): public by their random token, on the
        # H5P origin, without the session (the frame's origin is opaque).
        "h5p:player": E(dict.fromkeys(EVERYONE, "*"), "h5p_played", params={"token": lambda p: p.token}),
        "h5p:content_file": E(dict.fromkeys(EVERYONE, "*"), "h5p_played", params={"token": lambda p: p.token, "path": "h5p.json"}),
        "h5p:library_file": E(dict.fromkeys(EVERYONE, "*"), "h5p_played", params={"folder": "LMS.BenarSalah-1.0", "path": "library.json"}),
        "h5p:player_asset": E(EVERYONE, params={"path": "main.bundle.js"}),
        "api-v1:openapi-json": E(EVERYONE),
        "api-v1:api-root": E(NOBODY, note="no docs page (the spec is served): a JSON 404"),
        "api-v1:me": E(USERS),
        "api-v1:list_courses": E(USERS),
        "api-v1:course_detail": E(dict.fromkeys(USERS, "XY"), "course"),
        "api-v1:enroll": E(dict.fromkeys(USERS, "XY"), "course", method="POST"),
        "api-v1:complete": E(own_or_open, "lesson", method="POST"),
        "api-v1:quiz_attempts": E(own_or_open, "quiz_in_lesson", method="POST"),
        "api-v1:attempt_answers": E(
            OWN_ONLY, "own_attempt", method="PUT", data={"sequence": 0, "answers": {}}
        ),
        "api-v1:attempt_submit": E(OWN_ONLY, "own_attempt", method="POST", data={}),
        "notifications:list": E(USERS, note="one's own notifications"),
        # Personal data (UU 27/2022): the public notice; one's own data page and downloads (no
        # id in the URL: always the caller's own), the correction request (empty POST: 400).
        "privacy_notice": E(EVERYONE),
        "privacy:my_data": E(USERS, note="the caller's own data only"),
        "privacy:download": E(USERS, params={"fmt": "json"}, note="the caller's own data, as an attachment"),
        "privacy:download#pdf": E(USERS, params={"fmt": "pdf"}),
        "privacy:correction": E(USERS, method="POST", note="empty POST: 400 with the reasons, nothing written"),
        "notifications:read": E(OWN_ONLY, "notification", method="POST", note="another user's id: 404"),
    }  # fmt: skip


def _certificates_hr() -> dict[str, Entry]:
    """HR's certificate list (certificates.admin_views) and prepared downloads
    (lms.core.downloads): a download belongs to its requester only, not even to BKPSDM."""
    own_download = {"admin_a": "A", "admin_b": "B"}
    return {
        **viewset(
            "sertifikat", "hr_certificate", view=HR, add=None, change=None,
            inspect=OPD_SCOPED, history=False, usage=False,
            extra={"sertifikat:zip": E(HR, note="GET: what the ZIP will hold; POST requests it")},
        ),
        "lms_downloads:status": E(own_download, "prepared_download", note="owner only"),
        "lms_downloads:file": E(own_download, "prepared_download", note="owner only"),
    }  # fmt: skip


def _reports() -> dict[str, Entry]:
    """HR reports in the API (lms.reports.api): Admin OPD their OPD (another OPD's code: 404),
    BKPSDM all; learners and trainers 403."""
    by_code = {"query": lambda opd: f"year=2026&opd={opd.code}"}
    return {
        "api-v1:reports_gap": E(HR, query="year=2026", note="rows of the caller's OPDs only"),
        "api-v1:reports_jp": E(HR, query="year=2026", note="rows of the caller's OPDs only"),
        "api-v1:reports_gap#opd": E(OPD_SCOPED, "opd", **by_code),
        "api-v1:reports_jp#opd": E(OPD_SCOPED, "opd", **by_code),
        # The exports (lms.reports.exports.views): report readers; an empty POST is 400 with the
        # reasons, nothing written; another OPD's code 404 (tests/reports/test_exports_endpoint.py).
        "lms_report_exports:export": E(
            HR, method="POST", note="report readers; empty POST: 400, nothing written"
        ),
    }


def _report_dashboard() -> dict[str, Entry]:
    """The HR dashboard in the admin (lms.reports.views): Admin OPD their OPD, its units and
    people (another OPD or person: 404, logged), BKPSDM all; trainers and learners refused."""
    by_opd = {"params": {"opd_id": lambda opd: opd.pk}}
    by_employee = {"params": {"employee_id": lambda employee: employee.pk}}
    people = {"admin_a": "AT", "admin_b": "B", "bkpsdm": "ABT"}
    return {
        "laporan:heatmap": E(HR, note="rows of the caller's OPDs only"),
        "laporan:opd": E(OPD_SCOPED, "opd", **by_opd),
        "laporan:people": E(OPD_SCOPED, "opd", **by_opd),
        "laporan:person": E(people, "employee", **by_employee),
        "laporan:evidence": E(people, "employee", **by_employee),
    }


def _certificates() -> dict[str, Entry]:
    # A certificate's PDF: its owner, and HR whose OPD scope holds the OPD it was issued in.
    own_or_hr = {"learner": "1", "learner2": "2", "admin_a": "1", "admin_b": "2", "bkpsdm": "12"}
    snippet = "wagtailsnippets_certificates_certificatetemplate"
    chooser = "wagtailsnippetchoosers_certificates_certificatetemplate"
    code = {"code": lambda certificate: certificate.code}
    return {
        "certificates:verify": E(dict.fromkeys(EVERYONE, "12"), "certificate", params=code, note="public; minimal data, no full NIP"),
        "certificates:mine": E(USERS, note="one's own list"),
        "certificates:download": E(own_or_hr, "certificate"),
        "api-v1:verify": E(dict.fromkeys(EVERYONE, "12"), "certificate", params=code),
        "api-v1:list_certificates": E(USERS, note="the caller's own"),
        "api-v1:certificate_pdf": E(own_or_hr, "certificate", params={"certificate_id": lambda c: c.pk}),
        # Templates: BKPSDM keeps them (no one but a superuser deletes one).
        f"{snippet}:list": E({"bkpsdm"}),
        f"{snippet}:list_results": E({"bkpsdm"}),
        f"{snippet}:add": E({"bkpsdm"}),
        f"{snippet}:edit": E({"bkpsdm": "*"}, "certtemplate"),
        f"{snippet}:copy": E({"bkpsdm": "*"}, "certtemplate"),
        f"{snippet}:delete": E({}, "certtemplate"),
        f"{snippet}:history": E({"bkpsdm": "*"}, "certtemplate"),
        f"{snippet}:history_results": E({"bkpsdm": "*"}, "certtemplate"),
        f"{snippet}:usage": E({"bkpsdm": "*"}, "certtemplate"),
        f"{snippet}:preview": E({"bkpsdm"}, method="POST", note="live preview of the form's values (PNG; empty POST: 400); nothing written"),
        f"{chooser}:choose": E({"bkpsdm"}),
        f"{chooser}:choose_results": E({"bkpsdm"}),
        f"{chooser}:chosen": E({"bkpsdm": "*"}, "certtemplate"),
        f"{chooser}:chosen_multiple": E({"bkpsdm"}),
        f"{chooser}:create": E({"bkpsdm"}),
    }  # fmt: skip


# Wagtail's own admin. Page URLs are tried on courses X and Y (the catalogue and the home page
# are BKPSDM's: scopes C and H); everything a regency sets up once (users, groups, sites,
# workflows, collections, redirects, settings) belongs to superusers.
PAGE_EDIT = {"trainer_x": "X", "trainer_y": "Y", "bkpsdm": "XYC"}
PAGE_READ = {"trainer_x": "X", "trainer_y": "Y", "bkpsdm": "XYCH"}
EXPLORE = {"trainer_x": "XYCH", "trainer_y": "XYCH", "bkpsdm": "XYCH"}
MEDIA = {"trainer_x": "*", "trainer_y": "*"}  # Pengajar hold the image and document permissions


def _wagtail() -> dict[str, Entry]:
    superuser = {}
    return {
        "wagtailadmin_home": E(STAFF),
        "wagtailadmin_account": E(STAFF),
        "wagtailadmin_logout": E(EVERYONE, method="POST", redirect_ok="any", note="logging out is harmless"),
        "wagtailadmin_dismissibles": E(STAFF),
        "wagtailadmin_block_preview": E(NOBODY, note="404 without a block to preview"),
        "wagtailadmin_tag_autocomplete": E(STAFF),
        "wagtailadmin_tag_model_autocomplete": E(NOBODY, params={"app_name": "wagtaildocs", "model_name": "document"}, note="no taggable model here: 404"),
        "wagtailadmin_error_test": E(STAFF, raises=True, note="Wagtail's error test page raises on purpose"),
        "admin/test404/": E(STAFF, note="Wagtail's 404 test page (a static page)"),
        "wagtailcore_login": E(EVERYONE, note="Wagtail's private-page login, unused"),
        "wagtailadmin_explore_root": E(TRAINERS),
        "wagtailadmin_explore": E(EXPLORE, "page", note="another course shows its title, never its pages"),
        "wagtailadmin_explore_results": E(EXPLORE, "page"),
        "wagtailadmin_pages:edit": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:preview_on_edit": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:view_draft": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:add_subpage": E({"trainer_x": "XC", "trainer_y": "YC", "bkpsdm": "XYC"}, "page"),
        "wagtailadmin_pages:usage": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:delete": E({}, "page", note="nobody but superusers deletes a course"),
        "wagtailadmin_pages:unpublish": E({"bkpsdm": "XYC"}, "page"),
        "wagtailadmin_pages:convert_alias": E({}, "page"),
        "wagtailadmin_pages:move": E({"bkpsdm": "XYC"}, "page"),
        "wagtailadmin_pages:move_confirm": E({}, "page", params={"destination_id": 1}, method="POST"),
        "wagtailadmin_pages:set_page_position": E({"bkpsdm": "XY"}, "page", method="POST"),
        "wagtailadmin_pages:copy": E({"trainer_x": "X", "trainer_y": "Y", "bkpsdm": "XYC"}, "page", note="the form; the copy itself checks the destination"),
        "wagtailadmin_pages:set_privacy": E({"bkpsdm": "XYC"}, "page"),
        "wagtailadmin_pages:lock": E({}, "page", method="POST", note="needs Wagtail's lock permission: nobody"),
        "wagtailadmin_pages:unlock": E({}, "page", method="POST"),
        "wagtailadmin_pages:revisions_index": E(dict.fromkeys(STAFF, "XYCH"), "page", note="only redirects to the history, which checks"),
        "wagtailadmin_pages:revisions_view": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:revisions_revert": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:revisions_unschedule": E({"bkpsdm": "XYC"}, "page"),
        "wagtailadmin_pages:revisions_compare": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:workflow_history": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:workflow_history_detail": E({}, "page", params={"workflow_state_id": 999999}),
        "wagtailadmin_pages:history": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:history_results": E(PAGE_EDIT, "page"),
        "wagtailadmin_pages:workflow_action": E({}, "page", params={"action_name": "approve", "task_state_id": 999999}),
        "wagtailadmin_pages:collect_workflow_action_data": E({}, "page", params={"action_name": "approve", "task_state_id": 999999}),
        "wagtailadmin_pages:confirm_workflow_cancellation": E(dict.fromkeys(STAFF, "XYCH"), "page", note="a generic confirmation (the page's workflow tasks); the cancel itself is the edit view's"),
        "wagtailadmin_pages:workflow_preview": E({}, "page", params={"task_id": 999999}),
        "wagtailadmin_pages:add": E({"trainer_x": "XC", "trainer_y": "YC", "bkpsdm": "XYC"}, "page_add", note="a Pengajar creates courses (C) and modules in their own"),
        "wagtailadmin_pages:preview_on_add": E({"trainer_x": "XC", "trainer_y": "YC", "bkpsdm": "XYC"}, "page_add"),
        "wagtailadmin_pages:type_use": E(TRAINERS, params={"content_type_app_name": "courses", "content_type_model_name": "lessonpage"}),
        "wagtailadmin_pages:type_use_results": E(TRAINERS, params={"content_type_app_name": "courses", "content_type_model_name": "lessonpage"}),
        "wagtailadmin_pages:choose_parent": E(STAFF, note="lists only the pages the user may add under", params={"app_label": "courses", "model_name": "coursepage"}),
        "wagtailadmin_pages:search": E(TRAINERS),
        "wagtailadmin_pages:search_results": E(TRAINERS),
        "wagtail_bulk_action": E({}, params={"app_label": "wagtailcore", "model_name": "page", "action": "delete"}),
        "wagtailadmin_choose_page": E(STAFF),
        "wagtailadmin_choose_page_child": E(dict.fromkeys(STAFF, "XYCH"), "page", note="published pages are public; drafts of others' courses hidden"),
        "wagtailadmin_choose_page_search": E(STAFF),
        "wagtailadmin_choose_page_chosen_multiple": E(STAFF),
        "wagtailadmin_choose_page_external_link": E(STAFF),
        "wagtailadmin_choose_page_email_link": E(STAFF),
        "wagtailadmin_choose_page_phone_link": E(STAFF),
        "wagtailadmin_choose_page_anchor_link": E(STAFF),
        "wagtailadmin_editing_sessions:ping": E({"trainer_x": "XY", "trainer_y": "XY"}, "quiz", note="KNOWN GAP: Wagtail's ping checks no object scope; it answers who else edits that quiz (names), never the quiz",  params={"app_label": "assessments", "model_name": "quiz", "session_id": 999999}, method="POST"),
        "wagtailadmin_editing_sessions:release": E(STAFF, params={"session_id": 999999}, method="POST", note="releases only the caller's own sessions"),
        "wagtailadmin_api:pages:listing": E(STAFF, note="lists only explorable pages"),
        "wagtailadmin_api:pages:detail": E({"trainer_x": "XCH", "trainer_y": "YCH", "bkpsdm": "XYCH"}, "page"),
        "wagtailadmin_api:pages:find": E(NOBODY, note="needs a lookup parameter: 400"),
        "wagtailadmin_api:pages:action": E({}, "page", params={"action_name": "delete"}, method="POST"),
        "wagtailadmin_api:documents:listing": E(STAFF, note="media choosers: every staff role may choose"),
        "wagtailadmin_api:documents:detail": E(dict.fromkeys(STAFF, "*"), "document"),
        "wagtailadmin_api:documents:find": E(NOBODY),
        "wagtailadmin_api:images:listing": E(STAFF),
        "wagtailadmin_api:images:detail": E(dict.fromkeys(STAFF, "*"), "image"),
        "wagtailadmin_api:images:find": E(NOBODY),
        "wagtailadmin_reports:locked_pages": E(NOBODY),
        "wagtailadmin_reports:locked_pages_results": E(NOBODY),
        "wagtailadmin_reports:workflow": E(TRAINERS),
        "wagtailadmin_reports:workflow_results": E(TRAINERS),
        "wagtailadmin_reports:workflow_tasks": E(TRAINERS),
        "wagtailadmin_reports:workflow_tasks_results": E(TRAINERS),
        "wagtailadmin_reports:site_history": E(STAFF),
        "wagtailadmin_reports:site_history_results": E(STAFF),
        "wagtailadmin_reports:aging_pages": E(TRAINERS, note="only pages the user may explore"),
        "wagtailadmin_reports:aging_pages_results": E(TRAINERS),
        "wagtailadmin_reports:page_types_usage": E(TRAINERS, note="counts of page types"),
        "wagtailadmin_reports:page_types_usage_results": E(TRAINERS),
        **{f"wagtailadmin_collections:{n}": E(NOBODY) for n in ("index", "add")},
        **{f"wagtailadmin_collections:{n}": E(superuser, "collection") for n in ("edit", "delete", "set_privacy")},
        **{f"wagtailadmin_workflows:{n}": E(NOBODY) for n in (
            "index", "index_results", "add", "select_task_type", "task_index", "task_index_results",
        )},
        **{f"wagtailadmin_workflows:{n}": E(STAFF, note="REVIEW") for n in ("task_chooser", "task_chooser_results", "task_chooser_create")},
        **{f"wagtailadmin_workflows:{n}": E(superuser, "workflow") for n in (
            "enable", "disable", "edit", "usage", "usage_results",
        )},
        "wagtailadmin_workflows:remove": E(superuser, "page"),
        "wagtailadmin_workflows:add_task": E(NOBODY, params={"app_label": "wagtailcore", "model_name": "groupapprovaltask"}),
        **{f"wagtailadmin_workflows:{n}": E(NOBODY, params={"pk": 999999}) for n in ("edit_task", "disable_task", "enable_task")},
        "wagtailadmin_workflows:task_chosen": E(NOBODY, params={"task_id": 999999}),
        **{f"wagtailforms:{n}": E(TRAINERS, note="lists form pages the user may edit: none exist") for n in ("index", "index_results")},
        **{f"wagtailforms:{n}": E(superuser, "page") for n in ("list_submissions", "list_submissions_results", "delete_submissions")},
        **{f"wagtailredirects:{n}": E(NOBODY) for n in ("index", "index_results", "add", "start_import", "process_import")},
        **{f"wagtailredirects:{n}": E(NOBODY, params={"redirect_id": 999999}) for n in ("edit", "delete")},
        "wagtailsettings:edit": E(NOBODY, params={"app_name": "core", "model_name": "institutionsettings"}),
        "wagtailsettings:preview_on_edit": E(NOBODY, params={"app_name": "core", "model_name": "institutionsettings", "pk": 1}),
        "wagtailembeds:chooser": E(STAFF),
        "wagtailembeds:chooser_upload": E(STAFF, method="POST"),
        "wagtailsnippets:index": E(NOBODY, note="quizzes have their own menu"),
        # Media: Pengajar upload and edit images and documents (one shared collection); every
        # staff role may choose them; BKPSDM and Admin OPD hold only "choose".
        **{f"wagtaildocs:{n}": E(AUTHORS) for n in ("index", "index_results", "add", "add_multiple")},
        **{f"wagtaildocs:{n}": E(MEDIA, "document") for n in ("edit", "delete", "document_usage")},
        **{f"wagtaildocs:{n}": E(MEDIA, "document", method="POST") for n in ("edit_multiple", "delete_multiple")},
        **{f"wagtaildocs:{n}": E(NOBODY, params={"uploaded_file_id": 999999}) for n in (
            "create_multiple_from_uploaded_document", "delete_upload_multiple",
        )},
        **{f"wagtailimages:{n}": E(AUTHORS) for n in ("index", "index_results", "add", "add_multiple")},
        **{f"wagtailimages:{n}": E(MEDIA, "image") for n in ("edit", "delete", "image_usage")},
        **{f"wagtailimages:{n}": E(MEDIA, "image", method="POST") for n in ("edit_multiple", "delete_multiple")},
        **{f"wagtailimages:{n}": E({}, "image", note="no dynamic image serve view") for n in ("url_generator", "url_generator_output")},
        "wagtailimages:preview": E(MEDIA, "image", params={"filter_spec": "max-100x100"}),
        **{f"wagtailimages:{n}": E(NOBODY, params={"uploaded_file_id": 999999}) for n in (
            "create_multiple_from_uploaded_image", "delete_upload_multiple",
        )},
        **{f"wagtaildocs_chooser:{n}": E(STAFF) for n in ("choose", "choose_results", "chosen_multiple")},
        "wagtaildocs_chooser:create": E(AUTHORS),
        "wagtaildocs_chooser:chosen": E(dict.fromkeys(STAFF, "*"), "document"),
        **{f"wagtailimages_chooser:{n}": E(STAFF) for n in ("choose", "choose_results", "chosen_multiple")},
        "wagtailimages_chooser:create": E(AUTHORS),
        "wagtailimages_chooser:chosen": E(dict.fromkeys(STAFF, "*"), "image"),
        "wagtailimages_chooser:select_format": E(dict.fromkeys(STAFF, "*"), "image"),
        **{f"wagtailsites:{n}": E(NOBODY) for n in ("index", "index_results", "add")},
        **{f"wagtailsites:{n}": E(superuser, "site") for n in ("edit", "delete", "history", "history_results", "usage", "copy")},
        **{f"wagtailusers_users:{n}": E(NOBODY) for n in ("index", "index_results", "add")},
        **{f"wagtailusers_users:{n}": E(superuser, "user") for n in ("edit", "delete", "history", "history_results", "usage", "copy")},
        **{f"wagtailusers_groups:{n}": E(NOBODY) for n in ("index", "index_results", "add")},
        **{f"wagtailusers_groups:{n}": E(superuser, "group") for n in ("edit", "delete", "history", "history_results", "usage")},
        "wagtaildocs_serve": E(dict.fromkeys(EVERYONE, "*"), "document", params={"_path": lambda doc: doc.url}, note="documents are public handouts"),
        "api-v1:not_found": E(NOBODY, params={"rest": "tidak-ada"}, note="the JSON 404 of unknown API paths"),
        "wagtaildocs_authenticate_with_password": E(NOBODY, params={"restriction_id": 999999, "document_id": 999999, "document_filename": "x"}),
        "wagtailcore_authenticate_with_password": E(NOBODY, params={"page_view_restriction_id": 999999, "page_id": 999999}),
        "wagtail_serve": E(dict.fromkeys(EVERYONE, "XYCH"), "page", params={"_path": lambda page: page.url}, note="published pages; lessons need an enrollment"),
        "wagtail_serve#lesson": E({"learner": "X", "learner2": "Y", "trainer_x": "X", "trainer_y": "Y", "bkpsdm": "XY"}, "lesson", params={"_path": lambda page: page.url}, note="lessons: enrolled learners, and the course's trainers (preview)"),
        "admin/^.*/$": E(NOBODY, params={"_path": "/admin/tidak-ada/"}, note="admin catch-all 404"),
        "wagtailadmin_javascript_catalog": E(EVERYONE),
        "wagtailadmin_sprite": E(EVERYONE),
        "wagtailadmin_login": E(EVERYONE, redirect_ok=True),
        "wagtailadmin_password_reset": E(EVERYONE, note="Wagtail's reset form; disabled in settings?"),
        "wagtailadmin_password_reset_done": E(EVERYONE),
        "wagtailadmin_password_reset_complete": E(EVERYONE),
        "wagtailadmin_password_reset_confirm": E(EVERYONE, params={"uidb64": "MQ", "token": "x-y"}),
    }  # fmt: skip


def _audit() -> dict[str, Entry]:
    """The audit log: BKPSDM lists, filters, exports and opens entries; no add, edit or delete
    route exists (superusers neither)."""
    return {
        **viewset(
            "log-audit", "auditentry", view={"bkpsdm"}, add=None, change=None,
            inspect={"bkpsdm": "*"}, history=False, usage=False,
        ),
    }  # fmt: skip


MATRIX: dict[str, Entry] = {
    **_audit(),
    **_people(),
    **_competencies(),
    **_assessments(),
    **_imports(),
    **_certificates_hr(),
    **_learner_side(),
    **_certificates(),
    **_reports(),
    **_report_dashboard(),
    **_wagtail(),
}
