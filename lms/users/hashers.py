"""The password hasher (docs/security.md, "Passwords"; docs/quality.md P7).

Argon2id at the OWASP Password Storage Cheat Sheet's first recommended configuration: 19 MiB of
memory (``m=19456`` KiB), 2 passes, 1 lane. Memory-hard (each guess needs 19 MiB of fast
memory, which is what takes away a GPU's parallelism), and about ten times cheaper for the
server than Django 5.2's default PBKDF2 (1,000,000 iterations): a check costs about 24 ms of a
core here instead of 250-280 ms, so two cores carry an exam-day login surge (measured costs and
the ceiling in docs/benchmarks.md, "Password hashers" and "Login surge").

Django's own ``Argon2PasswordHasher`` uses 100 MiB and 8 lanes: stronger against an offline
attack, but each check holds 100 MiB and 8 threads and costs about 230 ms here, as much as
PBKDF2. OWASP's other equal-strength setting, 46 MiB with 1 pass, costs about 55 ms here. One
lane suits sync workers: each process checks one password at a time on one core.

The parameters are written in each hash (``$argon2id$v=19$m=19456,t=2,p=1$…``), so raising
them later needs no migration: ``must_update`` is true for a hash made with other parameters
and Django rehashes it at the user's next login. PBKDF2 hashes (every account created before
this hasher) still verify through the hashers listed after it in ``PASSWORD_HASHERS`` and are
rehashed with this one at the next successful login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum; Django's hasher keeps its name
    ``argon2`` in the stored string, so Django's own hasher verifies these hashes too)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
