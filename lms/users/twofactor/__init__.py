"""Two-factor login (docs/security.md, "Two-factor login"): a TOTP app (django-otp) and ten
single-use recovery codes, required for staff (Pengajar, Admin OPD, BKPSDM, superusers) and
optional for learners; and the idle limit of staff sessions.

- ``middleware``: the one enforcement point (``TwoFactorMiddleware``) and
  ``StaffIdleTimeoutMiddleware``;
- ``views`` / ``urls``: ``/akun/dua-langkah/`` (enrolment, status, recovery codes, verification);
- ``admin_views`` / ``admin_urls``: BKPSDM's reset, from the employee page;
- ``services``: every write (devices, codes, audit entries); ``selectors``: the reads.
"""
