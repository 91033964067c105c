"""Fixtures shared by the tests; helper functions live in ``tests/helpers.py``."""
from __future__ import annotations

import pytest

from helpers import require_latex


@pytest.fixture
def latex_required():
    """Use in LaTeX tests: skips without the toolchain, fails instead under CI."""
    require_latex()
