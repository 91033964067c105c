"""What a student answers: the questions of an exercise sheet and their expected values.

A problem may list :class:`Answer` objects in ``Solution.answers``; otherwise
:func:`answers_of` derives them from the solution's :class:`~symderiv.documents.model.Result`
blocks: every component that is a number (a numeric matrix, tuple or array entry-wise, at
most :data:`MAX_COMPONENTS` per result) becomes a number answer, every component that is
an expression the parser can read back (``to_text`` then ``parse`` gives the same
expression) becomes an expression answer. Results that are neither (LaTeX from library
code, expressions with symbolic products or indexed symbols) are not asked.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from symderiv.documents.model import Result, Solution, T, Text

#: a Result with more components than this is not turned into questions
MAX_COMPONENTS = 12
#: default tolerances: numbers given to 4 significant digits are accepted
DEFAULT_ABS = 1e-6
DEFAULT_REL = 1e-3


@dataclass
class Answer:
    """One question. ``value``: a number or a SymPy expression; ``task``: 1-based task
    number the question belongs to (0: the problem as a whole); ``lhs``: what is asked
    for, as math (SymPy or Latex) shown on the sheet."""

    question: Text
    value: Any
    lhs: Any = None
    task: int = 0
    tolerance: dict = field(default_factory=lambda: {"abs": DEFAULT_ABS, "rel": DEFAULT_REL})

    @property
    def kind(self) -> str:
        return "number" if as_number(self.value) is not None else "expression"


def as_number(v) -> Optional[float]:
    """``v`` as a float if it is a number (a Python or NumPy number, or a numeric SymPy
    expression), else None (an expression answer; booleans are not numbers)."""
    import numpy as np
    import sympy as sp
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, sp.Basic) and getattr(v, "is_number", False):
        try:
            c = complex(v)
        except (TypeError, ValueError):
            return None
        return c.real if c.imag == 0 else None
    return None


def _readable(expr) -> bool:
    """Can a student type it (the parser reads the printed form back to the same thing)?"""
    import sympy as sp
    from symderiv.language.printing import to_text
    from symderiv.language.parse import ParseError, parse
    if not isinstance(expr, sp.Expr) or not expr.free_symbols:
        return False
    try:
        back = parse(to_text(expr))
    except (ParseError, ValueError, TypeError, RecursionError):
        return False
    names = {s.name for s in expr.free_symbols}
    if {s.name for s in back.free_symbols} != names:
        return False
    try:
        return sp.simplify(back - expr.subs({s: sp.Symbol(s.name, real=True) for s in expr.free_symbols})) == 0
    except Exception:  # noqa: BLE001 - SymPy may give up: then it is not asked
        return False


def _components(value) -> Optional[list]:
    """(suffix, value) per component; None if the value is not answerable."""
    import numpy as np
    import sympy as sp
    if isinstance(value, (sp.MatrixBase, np.ndarray)):
        arr = np.array(value.tolist() if isinstance(value, sp.MatrixBase) else value, dtype=object)
        if arr.size > MAX_COMPONENTS:
            return None
        if arr.ndim == 2 and 1 in arr.shape:
            arr = arr.ravel()
        out = []
        for idx in np.ndindex(arr.shape):
            out.append(("".join(f"[{i + 1}]" for i in idx), arr[idx]))
        return out
    if isinstance(value, (tuple, list, sp.Tuple)):
        items = list(value)
        return None if len(items) > MAX_COMPONENTS else [(f"[{i + 1}]", v) for i, v in enumerate(items)]
    return [("", value)]


def _is_container(value) -> bool:
    import numpy as np
    import sympy as sp
    return isinstance(value, (tuple, list, sp.Tuple, sp.MatrixBase, np.ndarray))


def answers_of(solution: Solution) -> list[Answer]:
    """The questions of a solution: ``solution.answers``, or those derived from its Results."""
    explicit = list(getattr(solution, "answers", []) or [])
    if explicit:
        return explicit
    out: list[Answer] = []
    import sympy as sp
    for t_index, task in enumerate(solution.tasks, 1):
        for block in task.blocks:
            if not isinstance(block, Result):
                continue
            comps = _components(block.value)
            if comps is None:
                continue
            lhs_parts = _components(block.lhs) if _is_container(block.lhs) else None
            if lhs_parts is not None and len(lhs_parts) != len(comps):
                lhs_parts = None
            for k, (suffix, v) in enumerate(comps):
                num = as_number(v)
                if num is not None and math.isfinite(num):
                    value = v
                elif _readable(v):
                    value = v
                else:
                    continue
                label = block.label if isinstance(block.label, Text) else T(str(block.label), str(block.label))
                lhs = block.lhs
                if suffix:
                    lhs = lhs_parts[k][1] if lhs_parts else None
                    if lhs is None:  # "component 3", "entry (1, 2)": the index as maths
                        idx = [int(i) for i in suffix.strip("[]").split("][")]
                        en, de = ("component", "Komponente") if len(idx) == 1 else ("entry", "Eintrag")
                        label = Text(label.en + f", {en} {{_idx}}", label.de + f", {de} {{_idx}}",
                                     {**label.args, "_idx": idx[0] if len(idx) == 1 else sp.Tuple(*idx)})
                out.append(Answer(label, value, lhs, t_index))
    return out


def plain_text(text, lang: str) -> str:
    """A Text as plain text (placeholders: expressions in parser syntax, numbers by fmt)."""
    import re
    import sympy as sp
    from symderiv.documents.model import Latex, fmt
    from symderiv.language.printing import to_text

    def value(v) -> str:
        if isinstance(v, Text):
            return plain_text(v, lang)
        if isinstance(v, Latex):
            return v.code
        if isinstance(v, bool) or isinstance(v, str):
            return str(v)
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return fmt(v)
        if isinstance(v, (tuple, list, sp.Tuple)):
            return "(" + ", ".join(value(x) for x in v) + ")"
        if isinstance(v, sp.Equality) or (isinstance(v, sp.Rel) and v.rel_op in ("<", "<=", ">", ">=")):
            return f"{value(v.lhs)} {'=' if isinstance(v, sp.Equality) else v.rel_op} {value(v.rhs)}"
        if isinstance(v, sp.Float):
            return fmt(float(v))
        if isinstance(v, sp.Basic):
            try:
                return to_text(v)
            except (TypeError, ValueError, KeyError):  # notation objects: SymPy's own str
                return str(v)
        return str(v)

    if not isinstance(text, Text):
        return value(text)
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}",
                  lambda m: value(text.args[m.group(1)]) if m.group(1) in text.args else m.group(0),
                  text.get(lang))
