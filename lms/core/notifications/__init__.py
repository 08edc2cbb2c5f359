"""Notifications: short messages to one user, shown on the learner's dashboard until read.

Every app may write one through :func:`lms.core.notifications.services.notification_create`
(``lms.core`` sits at the bottom of the layers, so every app can); the dashboard reads them
through :mod:`lms.core.notifications.selectors` (``{% notifications_panel %}``, one query).
docs/architecture.md, "Notifications".
"""
