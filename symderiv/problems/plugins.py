"""Problems from outside the package: a directory of Python files, or installed packages.

A tutor's problem is a Python file that uses the same :func:`symderiv.problems.register`
decorator as the built-in problems (see ``docs/own-problems.md``). Two ways in:

* ``--problems DIR``: :func:`load_dir` imports every ``*.py`` of ``DIR`` (sorted, not
  recursive, files starting with ``_`` skipped) as a module of its own with
  ``importlib.util.spec_from_file_location`` - the ordinary import machinery, no ``exec``
  of strings. The file is trusted code, like any Python file one runs.
* an entry point in the group ``symderiv.problems`` of an installed package's metadata,
  e.g. ``[project.entry-points."symderiv.problems"] mine = "mypkg.problems"``: the named
  module is imported (its ``register`` calls run). :func:`load_entry_points` is called by
  :func:`symderiv.problems.load_all`; a package whose module fails to import is skipped and
  the failure kept in :data:`ENTRY_POINT_ERRORS` (one broken add-on must not take down
  every command).

A name registered twice is an error (a tutor's file must not silently replace a built-in
problem).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
from pathlib import Path

GROUP = "symderiv.problems"
#: "package: error" for entry points that could not be loaded
ENTRY_POINT_ERRORS: list[str] = []
_loaded_dirs: dict[str, list[str]] = {}


def _problems():
    from symderiv import problems
    return problems


def _guarded_import(load, origin: str) -> list[str]:
    """Run ``load()`` (an import); return the names it registered. A name that was
    registered before is restored and reported: a file cannot replace another problem."""
    problems = _problems()
    before = dict(problems.PROBLEMS)
    load()
    replaced = [n for n in before if problems.PROBLEMS[n] is not before[n]]
    if replaced:
        problems.PROBLEMS.update({n: before[n] for n in replaced})
        raise problems.ProblemError(f"{origin}: problem '{replaced[0]}' is already registered")
    return [n for n in problems.PROBLEMS if n not in before]


def load_file(path) -> list[str]:
    """Import one problem file; returns the problem names it registered."""
    problems = _problems()
    path = Path(path).resolve()
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
    mod_name = f"symderiv_user_problems.{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise problems.ProblemError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)

    def load():
        sys.modules[mod_name] = module
        try:
            spec.loader.exec_module(module)
        except problems.ProblemError:
            raise
        except Exception as exc:  # noqa: BLE001 - the user's file: one line, exit 2
            sys.modules.pop(mod_name, None)
            raise problems.ProblemError(
                f"{path.name}: cannot load problem file ({type(exc).__name__}: {exc})") from None

    return _guarded_import(load, path.name)


def load_dir(directory) -> list[str]:
    """Import every ``*.py`` in ``directory`` (once per process); the names registered."""
    problems = _problems()
    problems.load_all()
    d = Path(directory)
    if not d.is_dir():
        raise problems.ProblemError(f"--problems {directory}: not a directory")
    key = str(d.resolve())
    if key in _loaded_dirs:
        return _loaded_dirs[key]
    names: list[str] = []
    for path in sorted(d.glob("*.py")):
        if not path.name.startswith("_"):
            names += load_file(path)
    _loaded_dirs[key] = names
    return names


def load_entry_points() -> list[str]:
    """Import the modules named by the ``symderiv.problems`` entry points of installed
    packages (built-in modules are already imported and are skipped)."""
    from importlib.metadata import entry_points
    names: list[str] = []
    for ep in entry_points(group=GROUP):
        module = ep.value.split(":")[0].strip()
        if module in sys.modules:
            continue
        try:
            names += _guarded_import(lambda: importlib.import_module(module), f"entry point {ep.name}")
        except Exception as exc:  # noqa: BLE001 - skip a broken add-on, keep the message
            ENTRY_POINT_ERRORS.append(f"{ep.name} ({module}): {type(exc).__name__}: {exc}")
    return names
