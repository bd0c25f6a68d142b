"""Load the compiled gettext catalogues (and compile them from the .po sources for the build)."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from bot.engine.model import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


class MissingCatalogue(RuntimeError):
    """Refuse to run without a compiled catalogue: Babel would silently fall back to English."""


def catalogue_path(lang: str, suffix: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """Return the path of one language's catalogue file."""
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def compile_catalogues(locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """Compile every language's .po into .mo, skipping fuzzy entries, and return the written paths."""
    written = []
    for lang in LANGUAGES:
        source = catalogue_path(lang, "po", locales_dir)
        with source.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        target = catalogue_path(lang, "mo", locales_dir)
        # Written aside and moved into place, so a process loading the catalogues meanwhile
        # (tests and benchmarks compile and load side by side) never reads half a file.
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with partial.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        os.replace(partial, target)
        written.append(target)
    return written


def load_translations(locales_dir: Path = LOCALES_DIR) -> dict[str, Translations]:
    """Load the compiled catalogue of every language, or raise MissingCatalogue."""
    loaded = {}
    for lang in LANGUAGES:
        path = catalogue_path(lang, "mo", locales_dir)
        if not path.exists():
            raise MissingCatalogue(f"{path} is missing: run `make compile` (or `python -m bot compile`) first")
        with path.open("rb") as fh:
            loaded[lang] = Translations(fh, domain=DOMAIN)
    return loaded


def fill_english_catalogue(locales_dir: Path = LOCALES_DIR) -> int:
    """Give every untranslated English entry its source text; return how many were filled."""
    path = catalogue_path("en", "po", locales_dir)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    filled = 0
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
            filled += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False)
    return filled
