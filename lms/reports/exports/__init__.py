"""Exports of the HR reports (docs/architecture.md, "Reports"): XLSX, CSV and PDF writers, the
report kinds built on :mod:`lms.reports.selectors`, the admin endpoint and ``lms_report``."""
