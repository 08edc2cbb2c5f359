"""Prepared downloads: files a worker builds for one user, with progress, that only that user
downloads and that expire (bulk certificate ZIPs, HR reports).

An app offers a kind by a ``downloads`` module (``<app>/downloads.py``) that calls
:func:`lms.core.downloads.registry.register`; the modules are found like the ``demo`` modules
of ``seed_demo`` (every installed app, lowest first). A builder writes the file into a stream
and reports progress; :mod:`.services` owns the row, the temporary file and the final
``os.replace``, :mod:`.tasks` runs it on a worker, :mod:`.views` shows its progress and serves
it to its owner only (docs/security.md, "Prepared downloads").
"""
