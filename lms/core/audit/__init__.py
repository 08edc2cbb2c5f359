"""The audit log (docs/security.md, "Audit log"): who did what to which personal data, when, from
where. Entries are written only by :func:`lms.core.audit.services.audit_record`, are
append-only (no edit or delete screen; on PostgreSQL a trigger refuses UPDATE and DELETE) and
are read by BKPSDM in *Log audit* (``lms.core.audit.viewsets``)."""
