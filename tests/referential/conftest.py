import shutil
from pathlib import Path

import pytest

from openbilan.referential import services

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini_dir() -> Path:
    """A small self-consistent ROME v460 subset, official layouts (scripts/build_referential_data.py --fixture)."""
    return FIXTURE_DIR


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the subset, for tests that damage or change a file."""
    target = tmp_path / "release"
    shutil.copytree(FIXTURE_DIR, target)
    return target


@pytest.fixture
def mini_imported(db):
    return services.import_referential(directory=FIXTURE_DIR)
