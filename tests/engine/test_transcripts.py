"""Golden transcripts: each file beside this test is a whole conversation, replayed and compared.

Regenerate on purpose with `UPDATE_GOLDEN=1 make test`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.engine.transcript import replay

HERE = Path(__file__).parent / "transcripts"
FILES = sorted(HERE.glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_transcript_matches(path: Path, env) -> None:  # type: ignore[no-untyped-def]
    source = path.read_text(encoding="utf-8")
    rendered, _ = replay(source, env)
    if os.environ.get("UPDATE_GOLDEN") and rendered != source:
        path.write_text(rendered, encoding="utf-8")
        source = rendered
    assert rendered == source, f"{path.name} differs; rerun with UPDATE_GOLDEN=1 and review the diff"


def test_there_are_transcripts_in_both_languages() -> None:
    names = {p.stem for p in FILES}
    assert any(n.startswith("hi_") for n in names) and any(n.startswith("en_") for n in names), names
