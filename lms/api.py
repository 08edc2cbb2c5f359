"""The HTTP API, assembled from each app's router (project-level wiring, like urls.py)."""

from assessments.api import router as assessments_router
from certificates.api import router as certificates_router
from courses.api import router as courses_router
from lms.competencies.api import router as me_router
from lms.core.api import build_api
from lms.reports.api import router as reports_router

api = build_api(
    routers=[
        ("", me_router),
        ("", courses_router),
        ("", assessments_router),
        ("", certificates_router),
        ("", reports_router),
    ]
)
