"""Reproducible reports: building twice gives the same bytes, and the committed reports/
are what a fresh ``symderiv report --all`` writes (issue 11)."""
from __future__ import annotations

from pathlib import Path

import pytest

from symderiv import problems as registry
from symderiv.documents.model import LANGS

REPORTS = Path(__file__).resolve().parents[1] / "reports"


def _names():
    try:
        return sorted(registry.load_all())
    except Exception:  # noqa: BLE001 - test_report.test_every_problem_module_imports reports it
        return sorted(registry.PROBLEMS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", _names())
def test_two_builds_give_identical_tex(name, lang, rendered_reports, fresh_report_dir):
    """This process's build against a separate process (another PYTHONHASHSEED)."""
    fresh = (fresh_report_dir / f"{name}.{lang}.tex").read_bytes()
    here = rendered_reports[(name, lang)].encode("utf-8")
    if here != fresh:
        diff = next(i for i, (a, b) in enumerate(zip(here.splitlines(), fresh.splitlines())) if a != b)
        pytest.fail(f"{name}.{lang}.tex differs between two builds at line {diff + 1}")


def test_committed_reports_equal_a_fresh_build(fresh_report_dir):
    fresh = {p.name: p.read_bytes() for p in fresh_report_dir.glob("*.tex")}
    committed = {p.name: p.read_bytes() for p in REPORTS.glob("*.tex")}
    assert sorted(committed) == sorted(fresh)
    stale = sorted(name for name in fresh if committed[name] != fresh[name])
    assert not stale, f"reports/ is not what 'symderiv report --all' writes now: {stale}"

