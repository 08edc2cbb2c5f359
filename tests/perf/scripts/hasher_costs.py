"""The cost of one password check with each candidate hasher (docs/benchmarks.md, "Password
hashers"; docs/quality.md P7). Run: ``.venv/bin/python tests/perf/scripts/hasher_costs.py``
(``LMS_BENCH_HASHER_CHECKS``, default 20 checks each; the median and the fastest are printed,
in ms of one core). A check is ``check_password`` against a stored hash: what a login pays."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.base")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    ScryptPasswordHasher,
)

from lms.users.hashers import Argon2idHasher  # noqa: E402

CHECKS = int(os.environ.get("LMS_BENCH_HASHER_CHECKS", "20"))
PASSWORD = "Peserta-Belajar-2026"


class PBKDF2OWASP(PBKDF2PasswordHasher):
    iterations = 600_000


class ScryptOWASP(ScryptPasswordHasher):
    work_factor = 2**17
    parallelism = 1
    maxmem = 256 * 1024 * 1024


class Argon2id46(Argon2idHasher):
    time_cost = 1
    memory_cost = 46 * 1024


CANDIDATES = [
    ("PBKDF2-SHA256, 1,000,000 iterations (Django 5.2 default)", PBKDF2PasswordHasher()),
    ("PBKDF2-SHA256, 600,000 iterations (OWASP minimum)", PBKDF2OWASP()),
    ("Argon2id m=19 MiB t=2 p=1 (OWASP minimum; lms.users.hashers)", Argon2idHasher()),
    ("Argon2id m=46 MiB t=1 p=1 (OWASP, equal strength)", Argon2id46()),
    ("Argon2id m=100 MiB t=2 p=8 (Django Argon2PasswordHasher)", Argon2PasswordHasher()),
    ("scrypt N=2^14 r=8 p=5 (Django ScryptPasswordHasher)", ScryptPasswordHasher()),
    ("scrypt N=2^17 r=8 p=1 (OWASP minimum)", ScryptOWASP()),
]


def main() -> None:
    for label, hasher in CANDIDATES:
        encoded = hasher.encode(PASSWORD, hasher.salt())
        assert hasher.verify(PASSWORD, encoded)
        times = []
        for _ in range(CHECKS):
            started = time.perf_counter()
            hasher.verify(PASSWORD, encoded)
            times.append((time.perf_counter() - started) * 1000)
        print(  # noqa: T201
            f"{label}: median {statistics.median(times):.1f} ms, fastest {min(times):.1f} ms"
        )


if __name__ == "__main__":
    main()
