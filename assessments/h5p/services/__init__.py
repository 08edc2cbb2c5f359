"""Writes of the H5P part (docs/h5p.md), one module per purpose: :mod:`.packages` (upload
checks, staging, install), :mod:`.player` (xAPI statements and state from the lesson page),
:mod:`.library` (the admin's library switch and package title)."""

from .library import (
    LIBRARY_DISABLED,
    LIBRARY_ENABLED,
    h5p_library_set_enabled,
    h5p_package_title_set,
)
from .packages import (
    INSTALL_PERMISSION,
    h5p_package_check,
    h5p_package_delete,
    h5p_package_install,
    h5p_package_install_file,
    h5p_package_submit,
    may_install_libraries,
)
from .player import StatementOutcome, h5p_state_save, h5p_statement_record

__all__ = [
    "INSTALL_PERMISSION",
    "LIBRARY_DISABLED",
    "LIBRARY_ENABLED",
    "StatementOutcome",
    "h5p_library_set_enabled",
    "h5p_package_check",
    "h5p_package_delete",
    "h5p_package_install",
    "h5p_package_install_file",
    "h5p_package_submit",
    "h5p_package_title_set",
    "h5p_state_save",
    "h5p_statement_record",
    "may_install_libraries",
]
