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
from dataclasses import dataclass
from typing import Any, Optional

from symderiv.documents.model import Result, Solution, T, Text

#: a Result with more components than this is not turned into questions
MAX_COMPONENTS = 12
#: the precision a sheet asks for when a question states none: 4 significant digits, or
#: 6 decimal places (the relative tolerance 1e-3 and the absolute floor 1e-6 below)
DEFAULT_DIGITS = 4
DEFAULT_DECIMALS = 6
#: no tolerance exceeds this fraction of |value|: 0, or the value's sign flipped, is never
#: accepted for a non-zero answer, however small it is (the absolute floor is capped by it)
MAX_FRACTION = 0.01
#: tolerances are printed (key, Moodle) rounded down to this many significant digits
TOLERANCE_DIGITS = 2


@dataclass(frozen=True)
class Tolerance:
    """The tolerance policy of a number question, in one place (grading, the key, Moodle).

    An answer ``a`` to a question with value ``v`` is accepted iff ``|a - v| <= allowed(v)``
    with ``allowed(v) = min(max(abs, rel |v|), max_rel |v|)`` for ``v != 0`` and ``abs`` for
    ``v = 0``, rounded down to :data:`TOLERANCE_DIGITS` significant digits (a clean decimal
    such as 0.49, never 0.49860000000000004). ``rel`` and ``abs`` follow from the precision
    the sheet states (:meth:`of_precision`); ``max_rel`` < 1 keeps 0 out for ``v != 0``."""

    abs: float = 10.0 ** -DEFAULT_DECIMALS
    rel: float = 10.0 ** (1 - DEFAULT_DIGITS)
    max_rel: float = MAX_FRACTION

    @classmethod
    def of_precision(cls, digits: int = DEFAULT_DIGITS, decimals: int = DEFAULT_DECIMALS,
                     max_rel: float = MAX_FRACTION) -> "Tolerance":
        """``digits`` significant digits (relative ``10^(1 - digits)``: one unit in the last
        digit of a number starting with 1), or ``decimals`` decimal places (absolute
        ``10^-decimals``), whichever is larger, capped at ``max_rel |value|``."""
        if not (1 <= int(digits) <= 15 and 0 <= int(decimals) <= 15 and 0 <= max_rel < 1):
            raise ValueError(f"bad precision: {digits} digits, {decimals} decimals, max_rel {max_rel}")
        return cls(float(f"1e{-int(decimals)}"), float(f"1e{1 - int(digits)}"), float(max_rel))

    @classmethod
    def of(cls, spec) -> "Tolerance":
        """From a Tolerance, a key's / problem's ``{"abs", "rel"[, "max_rel"]}`` or None."""
        if spec is None:
            return cls()
        if isinstance(spec, Tolerance):
            return spec
        return cls(float(spec.get("abs", 0.0)), float(spec.get("rel", 0.0)), float(spec.get("max_rel", MAX_FRACTION)))

    def allowed(self, value: float) -> float:
        v = abs(float(value))
        tol = self.abs if v == 0 else min(max(self.abs, self.rel * v), self.max_rel * v)
        return clean_down(tol)

    def as_dict(self) -> dict:
        return {"abs": clean_down(self.abs), "rel": clean_down(self.rel), "max_rel": clean_down(self.max_rel)}


def precision_text(tol: Tolerance, lang: str) -> str:
    """What a sheet states about a number question's precision (from its tolerance; the
    words are the catalog's ``precision_*`` messages)."""
    from symderiv.documents.messages import msg
    k = round(-math.log10(tol.abs)) if tol.abs > 0 else None
    if tol.rel > 0:
        d = round(1 - math.log10(tol.rel))
        return msg("precision_digits", lang, d=d, k=k if k is not None else d)
    if k is not None:
        return msg("precision_decimals", lang, k=k)
    return msg("precision_exact", lang)


def question_phrase(printed: str) -> str:
    """A question as a sheet lists it, printed (LaTeX or HTML): a phrase that the sheet
    continues with its precision and a colon ("The output x. (to 4 digits):" reads wrong), so
    a final full stop of the catalog's sentence is dropped; an ellipsis stays."""
    text = printed.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def clean_down(x: float, digits: int = TOLERANCE_DIGITS) -> float:
    """``x`` >= 0 rounded down to ``digits`` significant digits (its repr is a clean decimal)."""
    from decimal import ROUND_FLOOR, Decimal
    x = float(x)
    if not math.isfinite(x) or x <= 0:
        return 0.0 if not x > 0 else x
    d = Decimal(repr(x))
    q = Decimal(1).scaleb(d.adjusted() - digits + 1)
    return float(d.quantize(q, rounding=ROUND_FLOOR))


def decimal_text(x: float) -> str:
    """A float as a plain decimal (``0.0000874``, ``1200``; no exponent), its shortest digits."""
    from decimal import Decimal
    x = float(x)
    text = format(Decimal(repr(x)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Answer:
    """One question. ``value``: a number or a SymPy expression; ``task``: 1-based task
    number the question belongs to (0: the problem as a whole); ``lhs``: what is asked
    for, as math (SymPy or Latex) shown on the sheet."""

    question: Text
    value: Any
    lhs: Any = None
    task: int = 0
    #: the problem's own tolerance ``{"abs", "rel"}`` (or a :class:`Tolerance`); None: the
    #: one of ``precision``
    tolerance: Any = None
    #: significant digits the question asks for (None: :data:`DEFAULT_DIGITS`)
    precision: Optional[int] = None
    #: the question's id within its problem (in the key only; declared problems)
    key: Optional[str] = None

    @property
    def policy(self) -> Tolerance:
        """The tolerance this question is graded with (capped, see :class:`Tolerance`)."""
        if self.tolerance is not None:
            return Tolerance.of(self.tolerance)
        if is_count(self.value):
            return EXACT  # a count: exactly, not "to 8 significant digits or 6 decimal places"
        return Tolerance.of_precision(self.precision or DEFAULT_DIGITS)

    @property
    def kind(self) -> str:
        return "number" if as_number(self.value) is not None else "expression"


#: the tolerance of a count: the exact whole number ("exact value" on the sheet)
EXACT = Tolerance(0.0, 0.0)


def is_count(v) -> bool:
    """Whether an answer's value is declared as a whole number (a Python or NumPy integer:
    a count, such as paths or multiplications), graded exactly. A SymPy Integer that a
    derivation happens to give is a real number like any other."""
    import numpy as np
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


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
