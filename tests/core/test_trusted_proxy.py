"""The client's address behind the site's reverse proxy (lms.core.middleware.TrustedProxyMiddleware,
docs/deployment.md): X-Real-IP counts only from a trusted peer; X-Forwarded-For never."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lms.core.middleware import TrustedProxyMiddleware


def _seen(settings, *, peer: str, **headers) -> tuple[str, str | None]:
    seen = {}

    def view(request):
        seen["addr"] = request.META["REMOTE_ADDR"]
        seen["proxy"] = request.META.get("LMS_PROXY_ADDR")
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=peer, **headers))
    return seen["addr"], seen["proxy"]


@pytest.fixture
def proxies(settings):
    settings.LMS_TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.20.0.0/24"]
    return settings


def test_the_trusted_proxy_names_the_client(proxies):
    assert _seen(proxies, peer="127.0.0.1", HTTP_X_REAL_IP="36.72.1.9") == (
        "36.72.1.9",
        "127.0.0.1",
    )
    assert _seen(proxies, peer="10.20.0.7", HTTP_X_REAL_IP="2001:db8::1")[0] == "2001:db8::1"


def test_any_other_peer_keeps_its_own_address(proxies):
    assert _seen(proxies, peer="36.72.1.9", HTTP_X_REAL_IP="127.0.0.1") == ("36.72.1.9", None)


def test_x_forwarded_for_is_never_read(proxies):
    assert _seen(proxies, peer="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")[0] == "127.0.0.1"


@pytest.mark.parametrize(
    "value", ["", "not-an-ip", "1.2.3.4, 5.6.7.8", "1.2.3.4\r\nX: y", "999.1.1.1"]
)
def test_a_malformed_header_keeps_the_proxy_address(proxies, value):
    assert _seen(proxies, peer="127.0.0.1", HTTP_X_REAL_IP=value) == ("127.0.0.1", None)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.LMS_TRUSTED_PROXIES = []
    assert _seen(settings, peer="127.0.0.1", HTTP_X_REAL_IP="36.72.1.9")[0] == "127.0.0.1"


def test_production_trusts_nginx_on_the_same_host():
    import subprocess
    import sys

    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(','.join(settings.LMS_TRUSTED_PROXIES))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "lms.example.go.id",
        "LMS_TRUSTED_PROXIES": "",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "127.0.0.1,::1"
