"""Keeps ``locale_wagtail/id`` in step with the installed Wagtail, and lists what to send upstream.

Wagtail's own Indonesian catalogues (``wagtail/**/locale/id_ID``) translate about a third of the
admin's messages. This catalogue holds the rest, by hand, for the Wagtail apps the platform
installs; ``LOCALE_PATHS`` reads it after the project's own ``locale`` (which still wins) and
before Wagtail's, so it also corrects a few of Wagtail's translations (entries whose comment
says ``overrides Wagtail id_ID``). ``make messages`` compiles it like the project catalogue.

    .venv/bin/python locale_wagtail/update.py            # after a Wagtail upgrade
    .venv/bin/python locale_wagtail/update.py --report   # the list for Wagtail's translators

The update adds, with an empty ``msgstr``, every message of Wagtail's ``en`` catalogues that
neither Wagtail's ``id_ID`` nor this catalogue translates (translate them, then ``make
messages``), keeps every translation made here, refreshes each entry's apps, source references
and format flags from Wagtail, and drops entries Wagtail no longer has. ``--report`` prints,
per Wagtail app, the messages its ``id_ID`` lacks (Markdown), for the upstream report on
Transifex; it writes nothing.
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale_wagtail" / "id" / "LC_MESSAGES" / "django.po"
# The Wagtail apps in INSTALLED_APPS that ship a catalogue ("" is wagtail itself).
APPS = (
    "admin",
    "",
    "snippets",
    "images",
    "documents",
    "users",
    "contrib/settings",
    "search",
    "contrib/forms",
    "contrib/redirects",
    "embeds",
    "sites",
)
OVERRIDE = "overrides Wagtail id_ID"
HEADER = {
    "Project-Id-Version": "lms wagtail-id",
    "Language": "id",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def wagtail_root() -> Path:
    import wagtail

    return Path(wagtail.__file__).resolve().parent


def app_label(app: str) -> str:
    return "wagtail." + app.replace("/", ".") if app else "wagtail"


def app_catalogue(app: str, language: str) -> Path:
    return wagtail_root() / app / "locale" / language / "LC_MESSAGES" / "django.po"


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def translated(entry: polib.POEntry) -> bool:
    return entry.translated() and not entry.obsolete


def wagtail_indonesian() -> dict[tuple[str | None, str], polib.POEntry]:
    """Every message some installed Wagtail app's id_ID translates (gettext merges them all)."""
    found = {}
    for app in APPS:
        path = app_catalogue(app, "id_ID")
        if path.exists():
            found.update({key(e): e for e in polib.pofile(str(path)) if translated(e)})
    return found


def wagtail_english() -> dict[tuple[str | None, str], tuple[polib.POEntry, list[str]]]:
    """Every message of the installed Wagtail apps, with the apps that use it (the source
    references made relative to site-packages: ``wagtail/admin/forms/pages.py``)."""
    found: dict = {}
    for app in APPS:
        for entry in polib.pofile(str(app_catalogue(app, "en"))):
            if entry.obsolete:
                continue
            if key(entry) in found:
                found[key(entry)][1].append(app_label(app))
                continue
            folder = f"wagtail/{app}/" if app else "wagtail/"
            entry.occurrences = [(folder + path, line) for path, line in entry.occurrences]
            found[key(entry)] = (entry, [app_label(app)])
    return found


def update() -> str:
    english = wagtail_english()
    indonesian = wagtail_indonesian()
    ours = polib.pofile(str(CATALOGUE)) if CATALOGUE.exists() else polib.POFile()
    kept = {key(e): e for e in ours if not e.obsolete}
    result = polib.POFile(wrapwidth=100)
    result.metadata = HEADER
    for k, (source, apps) in english.items():
        mine = kept.get(k)
        if k in indonesian and not (mine and translated(mine)):
            continue  # Wagtail translates it and we do not correct it
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            occurrences=[(path, line) for path, line in source.occurrences][:3],
            flags=[flag for flag in source.flags if flag != "fuzzy"],
            comment=" ".join(apps),
        )
        if k in indonesian:
            theirs = indonesian[k].msgstr or indonesian[k].msgstr_plural.get(0, "")
            entry.tcomment = f"{OVERRIDE}: {theirs}"
        text = (mine.msgstr_plural.get(0) or mine.msgstr) if mine and translated(mine) else ""
        if source.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        result.append(entry)
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    result.save(str(CATALOGUE))
    missing = sum(1 for e in result if not e.translated())
    return f"{CATALOGUE.relative_to(ROOT)}: {len(result)} messages, {missing} to translate\n"


def report() -> str:
    """Markdown: per Wagtail app, the messages its id_ID catalogue does not translate."""
    ours = {key(e): e for e in polib.pofile(str(CATALOGUE)) if translated(e)}
    lines = ["# Wagtail messages missing from its Indonesian (id_ID) catalogue", ""]
    total = 0
    for app in APPS:
        en = [e for e in polib.pofile(str(app_catalogue(app, "en"))) if not e.obsolete]
        path = app_catalogue(app, "id_ID")
        theirs = set()
        if path.exists():
            theirs = {key(e) for e in polib.pofile(str(path)) if translated(e)}
        missing = [e for e in en if key(e) not in theirs]
        total += len(missing)
        done = sum(1 for e in missing if key(e) in ours)
        lines += [f"## {app_label(app)}: {len(missing)} of {len(en)} missing", ""]
        lines += [f"({done} of them translated in this project's locale_wagtail.)", ""]
        for entry in missing:
            context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
            lines.append(f"- `{entry.msgid}`{context}")
        lines.append("")
    lines.append(f"Total: {total} messages.")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print the upstream report")
    args = parser.parse_args(argv)
    sys.stdout.write(report() if args.report else update())


if __name__ == "__main__":
    main(sys.argv[1:])
