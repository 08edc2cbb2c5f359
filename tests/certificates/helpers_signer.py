"""A stand-in signer for the signer hook test: appends a marker (a real one is PAdES)."""


def append_marker(pdf: bytes, *, certificate) -> bytes:
    return pdf + b"%signed\n"


append_marker.statement = "Ditandatangani secara elektronik (uji)."
