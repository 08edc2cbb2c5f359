"""H5P interactive practice (docs/h5p.md): packages validated on upload (``archive``,
``content``), libraries stored once per machine name and version (``storage``), sandboxed
playback with h5p-standalone from ``H5P_CONTENT_ORIGIN`` (``player``), xAPI results and
resume state (``services``). Client-reported: never trusted evidence (docs/domain.md).
"""
