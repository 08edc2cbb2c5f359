"""Builds ``.h5p`` packages of the project's own content type, ``LMS.BenarSalah`` 1.0 (a
true/false statement), from its source in ``library_src/``. The output is deterministic
(sorted entries, fixed timestamps): the same arguments give the same bytes, for tests and
``seed_demo``.

    python -m assessments.h5p.build OUT.h5p     # one demo package (an SPBE statement)
"""

import json
import sys
from pathlib import Path

from pyh5p.package import write_zip

MACHINE_NAME = "LMS.BenarSalah"
MAJOR, MINOR = 1, 0
LIBRARY_FOLDER = f"{MACHINE_NAME}-{MAJOR}.{MINOR}"
LIBRARY_SRC = Path(__file__).resolve().parent / "library_src" / LIBRARY_FOLDER
L10N_ID = {
    "trueLabel": "Benar",
    "falseLabel": "Salah",
    "checkLabel": "Periksa",
    "retryLabel": "Coba lagi",
}

DEMO = {
    "title": "Latihan: Apa itu SPBE?",
    "question_html": (
        "<p><strong>SPBE</strong> adalah singkatan dari <em>Sistem Pemerintahan Berbasis "
        "Elektronik</em>, yang diatur dalam Peraturan Presiden Nomor 95 Tahun 2018.</p>"
    ),
    "correct": True,
    "feedback_correct": "Tepat. Perpres 95/2018 mengatur SPBE di instansi pusat dan daerah.",
    "feedback_wrong": (
        "Belum tepat. SPBE memang Sistem Pemerintahan Berbasis Elektronik (Perpres 95/2018)."
    ),
}


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def library_files() -> dict[str, bytes]:
    """The library folder's files, keyed ``LMS.BenarSalah-1.0/<name>``."""
    return {
        f"{LIBRARY_FOLDER}/{path.name}": path.read_bytes()
        for path in sorted(LIBRARY_SRC.iterdir())
        if path.is_file() and not path.name.startswith(".")
    }


def build_benar_salah(
    *,
    title: str,
    question_html: str,
    correct: bool,
    feedback_correct: str = "",
    feedback_wrong: str = "",
    language: str = "id",
) -> bytes:
    """A complete ``.h5p`` (h5p.json, content/content.json and the library) of one
    true/false statement. Empty feedback falls back to the library's defaults."""
    h5p_json = {
        "title": title,
        "language": language,
        "mainLibrary": MACHINE_NAME,
        "embedTypes": ["iframe"],
        "license": "U",
        "defaultLanguage": language,
        "preloadedDependencies": [
            {"machineName": MACHINE_NAME, "majorVersion": MAJOR, "minorVersion": MINOR}
        ],
    }
    content = {
        "question": question_html,
        "correct": "true" if correct else "false",
        "feedbackCorrect": feedback_correct,
        "feedbackWrong": feedback_wrong,
        "l10n": dict(L10N_ID),
    }
    files = {"h5p.json": _json(h5p_json), "content/content.json": _json(content)}
    files.update(library_files())
    return write_zip(files)


def build_demo() -> bytes:
    """The demo package (an Indonesian statement about SPBE)."""
    return build_benar_salah(**DEMO)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m assessments.h5p.build OUT.h5p\n")
        return 2
    out = Path(argv[0])
    out.write_bytes(build_demo())
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
