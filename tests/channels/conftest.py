"""Per-test views of the fake provider server that each adapter test module starts as `fake_server`."""

from __future__ import annotations

import pytest

from tests.fakes import Recorder


@pytest.fixture
def root(fake_server: tuple[str, Recorder]) -> str:
    """The fake server's root URL."""
    return fake_server[0]


@pytest.fixture
def fake(fake_server: tuple[str, Recorder]) -> Recorder:
    """The fake server's recorder, reset for each test."""
    recorder = fake_server[1]
    recorder.reset()
    return recorder
