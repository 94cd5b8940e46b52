"""Every trained model's file is checked the same way (`classifier.load_checked`): a missing, unreadable,
other-kind or other-features file is an InputError naming the path and what was wrong."""

from __future__ import annotations

import pytest

from flashpoint.coding import acled_model as am
from flashpoint.coding import category_model as cm
from flashpoint.coding import penta_model as pm
from flashpoint.coding.classifier import fit, load_checked
from flashpoint.coding.role_model import RoleModel
from flashpoint.errors import InputError

LOADERS = [
    ("ACLED", am.AcledModel.load, "not an ACLED model"),
    ("penta", pm.PentaModel.load, "not a penta class model"),
    ("category", cm.CategoryModel.load, "not a category model"),
    ("source", lambda p: RoleModel.load(p, "source"), "not a source model"),
]


@pytest.mark.parametrize(("name", "load", "other_kind"), LOADERS, ids=[n for n, _, _ in LOADERS])
def test_bad_model_files_name_the_path_and_the_fault(tmp_path, name, load, other_kind):
    missing = tmp_path / "nope.npz"
    with pytest.raises(InputError, match="nope.npz.*not found"):
        load(missing)
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(b"not a zip file at all")
    with pytest.raises(InputError, match="corrupt.npz.*not a readable"):
        load(corrupt)
    other = fit([["w:a"], ["w:b"]], ["ASSAULT", "CONSULT"], epochs=2)
    other.meta = {"kind": "relation"}
    path = tmp_path / "relation.npz"
    other.save(path)
    with pytest.raises(InputError, match=f"relation.npz.*{other_kind}"):
        load(path)


def test_a_model_built_with_other_features_must_be_retrained(tmp_path):
    model = fit([["w:a"], ["w:b"]], ["0", "1"], epochs=2)
    model.meta = {"kind": "penta-class", "features": "penta-features/0"}
    path = tmp_path / "old.npz"
    model.save(path)
    with pytest.raises(InputError, match="old.npz.*retrain"):
        load_checked(path, "a penta class model", "scripts/train_penta_model.py", "penta-class", "penta-features/1")
    assert load_checked(path, "a penta class model", "x", "penta-class").classes == ["0", "1"]
