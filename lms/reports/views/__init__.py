"""The HR dashboard in the Wagtail admin (docs/architecture.md, "Reports"; docs/security.md):
the OPD × competency heat map with its filters and charts, the drill-down OPD → unit → people →
person → evidence and JP ledger. Thin callers of ``lms.reports.selectors``; the URLs are in
``.urls``, mounted under ``/admin/laporan/`` by ``lms.reports.wagtail_hooks``."""
