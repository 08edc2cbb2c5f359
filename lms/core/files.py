"""Writing a file so that a reader never sees half of it (the management commands' outputs)."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A binary stream (readable and seekable too) whose content becomes ``path`` when the
    block ends: a temporary file in the same folder, flushed to disk, then ``os.replace``. On
    any error the temporary file is removed and ``path`` is left as it was. ``OSError`` (an
    unwritable folder) comes out of the ``with`` statement."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w+b") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
