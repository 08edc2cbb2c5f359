"""WSGI entry of the peer project (`gunicorn tests.perf.peer.wsgi`, run by bench_peer.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.peer.settings")
application = get_wsgi_application()
