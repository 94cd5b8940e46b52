from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.errors import StoreError
from flashpoint.store import Store, default_store_path


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in ("FLASHPOINT_DB", "FLASHPOINT_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_flashpoint_db_wins(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("FLASHPOINT_DB", str(tmp_path / "x.duckdb"))
    clean_env.setenv("FLASHPOINT_HOME", str(tmp_path / "home"))
    assert default_store_path() == tmp_path / "x.duckdb"


def test_flashpoint_home(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("FLASHPOINT_HOME", str(tmp_path / "home"))
    clean_env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "home" / "events.duckdb"


def test_xdg_data_home(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "flashpoint" / "events.duckdb"


def test_xdg_default(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("HOME", str(tmp_path))
    assert default_store_path() == tmp_path / ".local" / "share" / "flashpoint" / "events.duckdb"


def test_open_default_creates_parent_dirs(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("FLASHPOINT_HOME", str(tmp_path / "a" / "b"))
    with Store.open() as store:
        assert store.path == tmp_path / "a" / "b" / "events.duckdb"
    assert (tmp_path / "a" / "b" / "events.duckdb").is_file()


def test_read_only_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope.duckdb", read_only=True)
    assert not (tmp_path / "nope.duckdb").exists()


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="bad.duckdb"):
        Store.open(bad)


def test_import_does_not_load_duckdb() -> None:
    import subprocess
    import sys

    code = "import sys, flashpoint.store; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_store_memory_budget_is_bounded_and_configurable(tmp_path, monkeypatch):
    from flashpoint.store.db import Store

    with Store.open(tmp_path / "a.duckdb") as st:
        default = st.connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    monkeypatch.setenv("FLASHPOINT_DB_MEMORY", "256MB")
    with Store.open(tmp_path / "b.duckdb") as st:
        smaller = st.connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert default.endswith("MiB") and float(default.split()[0]) <= 512
    assert float(smaller.split()[0]) < float(default.split()[0])
