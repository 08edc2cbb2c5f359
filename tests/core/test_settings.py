import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_every_variable_the_settings_read():
    names = set()
    for path in (ROOT / "lms" / "settings").glob("*.py"):
        names |= set(re.findall(r'env(?:_bool|_list)?\("([A-Z0-9_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names, "no env() calls found"
    assert names <= listed, sorted(names - listed)


PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "k9#Lq2!vZp8@Wm4$Rt6^Yb1&Hc3*Jd5(",
    "DJANGO_ALLOWED_HOSTS": "lms.contoh.go.id,h5p.contoh.go.id",
    "WAGTAILADMIN_BASE_URL": "https://lms.contoh.go.id",
    "H5P_CONTENT_ORIGIN": "https://h5p.contoh.go.id",
}


def _deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = _deploy_check(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_wants_a_separate_h5p_origin():
    result = _deploy_check(PRODUCTION | {"H5P_CONTENT_ORIGIN": ""})
    assert result.returncode != 0 and "assessments.W001" in result.stdout + result.stderr


def test_production_refuses_the_development_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lms.settings.production"}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
