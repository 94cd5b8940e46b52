"""Shared fixtures: the shared material beside the repository, the real coder, temp stores."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test with a reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared material not found: {p}")
    return p


@pytest.fixture(scope="session")
def coder():
    """The real coder (spaCy model, lexicon, actor knowledge base), loaded once."""
    from flashpoint.coding.coder import Coder

    return Coder()


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    """Never touch the user's default store from a test."""
    monkeypatch.setenv("FLASHPOINT_HOME", str(tmp_path / "fp-home"))
    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
