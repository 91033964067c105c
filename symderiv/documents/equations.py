"""Displayed equations for LaTeX: a chain ``lhs = r0 = r1 ...`` packed onto lines of the
text width (estimated), long sums broken at + and - (the LaTeX printer's layout data)."""
from __future__ import annotations

import re

from symderiv.documents.content import Equation
from symderiv.documents.latex import Tex, math_latex, sympy_latex, text_latex

__all__ = ["MAX_LINE_CHARS", "equation_data", "equation_groups"]

#: an equation line longer than this (visible characters, estimated) is broken at + / -
MAX_LINE_CHARS = 72


_MATRIX = re.compile(r"\\begin\{([pbv]?matrix|array)\}(\{[^}]*\})?(.*?)\\end\{\1\}", re.S)
_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")


def _visible_len(code: str) -> int:
    """Rough width of math LaTeX in characters (matrices by their widest row, fractions
    by the wider of numerator and denominator)."""
    def matrix(m):
        rows = re.split(r"\\\\", m.group(3))
        return "M" * (max((_visible_len(r.replace("&", "  ")) for r in rows), default=0) + 2)

    def frac(m):
        return "F" * max(_visible_len(m.group(1)), _visible_len(m.group(2)))

    s = _MATRIX.sub(matrix, code)
    for _ in range(3):
        s = _FRAC.sub(frac, s)
    s = re.sub(r"\\(left|right|mathrm|operatorname|text|displaystyle|quad|num)\b", "", s)
    s = re.sub(r"\\[A-Za-z]+", "x", s)
    s = re.sub(r"[{}^_ \\]", "", s)
    return len(s)


def _rhs_segments(value, lang: str, budget: int) -> list[Tex]:
    """The LaTeX of one right-hand side; a sum too long for a line is cut at + / -
    (the first segment is the start, the others begin with ``\\quad + ...``)."""
    import sympy as sp
    code = math_latex(value, lang)
    if _visible_len(code) > budget and not isinstance(value, sp.Add):
        return _product_segments(code, budget)
    if not (isinstance(value, sp.Add) and _visible_len(code) > budget):
        return [code]
    lines, current = [], ""
    for term in value.as_ordered_terms():
        sign, t = " + ", ""
        if term.is_Number and term < 0:
            sign, t = " - ", sympy_latex(-term, lang=lang)
        else:
            t = sympy_latex(term, lang=lang)
            if t.startswith("-"):
                sign, t = " - ", t[1:].lstrip()
        if current and _visible_len(current + t) > budget:
            lines.append(current)
            current = ""
        if not current and not lines:
            current = t if sign == " + " else "-" + t
        elif not current:
            current = r"\quad" + sign + t
        else:
            current += sign + t
    if current:
        lines.append(current)
    return [Tex(x) for x in lines]


_GROUP = r"\\left\b|\\right\b|\\begin\{[a-z]*\}|\\end\{[a-z]*\}|[{}]"


def _outermost(code: str, sign: str) -> list:
    """The matches of ``sign`` (a regex) in ``code`` outside every group (braces,
    ``\\left``/``\\right``, environments such as a matrix)."""
    found, depth = [], 0
    for m in re.finditer(f"{_GROUP}|{sign}", code):
        tok = m.group(0)
        if tok in ("{", r"\left") or tok.startswith(r"\begin"):
            depth += 1
        elif tok in ("}", r"\right") or tok.startswith(r"\end"):
            depth -= 1
        elif depth == 0:
            found.append(m)
    return found


def _product_segments(code: Tex, budget: int) -> list[Tex]:
    """A product too long for a line (a chain of Jacobian matrices), cut at its outermost
    ``\\cdot`` signs into lines that fit (the others begin with ``\\quad \\cdot``); without
    such a sign it stays one piece (a box scaled to the line, as before)."""
    cuts = _outermost(code, r"\\cdot\b")
    bounds = [0] + [x for m in cuts for x in (m.start(), m.end())] + [len(code)]
    factors = [code[bounds[i]:bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    # no product, or a sum of products ("a \\cdot b + c"): not cut there
    if len(factors) < 2 or not all(factors) or any(m.start() > 0 for f in factors for m in _outermost(f, "[+-]")):
        return [code]
    lines, current = [], ""
    for f in factors:
        if current and _visible_len(current + f) > budget:
            lines.append(current)
            current = ""
        current = f if not lines and not current else (current + r" \cdot " + f if current else r"\quad \cdot " + f)
    lines.append(current)
    return [Tex(x) for x in lines]


def _without_repeats(rhs: list, lang: str) -> list:
    """The right-hand sides without one that prints exactly as the one before it (SymPy
    may bring two forms a problem wrote apart into one order: "= a = a" says nothing)."""
    out, last = [], None
    for r in rhs:
        code = str(math_latex(r, lang))
        if code != last:
            out.append(r)
        last = code
    return out


def equation_data(eq: Equation, lang: str) -> dict:
    """An Equation as rows ``lhs & body`` of an align environment: the chain
    ``lhs = r0 = r1 ...`` is packed onto as few lines as fit :data:`MAX_LINE_CHARS`;
    ``fits`` says whether every row is estimated to fit the line."""
    lhs = math_latex(eq.lhs, lang) if eq.lhs is not None and eq.lhs != "" else Tex("")
    rel = eq.relation or "="
    rhs = _without_repeats(list(eq.rhs) if isinstance(eq.rhs, (list, tuple)) else [eq.rhs], lang)
    budget = max(24, MAX_LINE_CHARS - _visible_len(lhs) - 2)
    pieces = []  # (text, width)
    for r in rhs:
        for j, seg in enumerate(_rhs_segments(r, lang, budget - 2)):
            text = f"{rel} {seg}" if j == 0 else str(seg)
            pieces.append((text, _visible_len(text), j > 0))
    rows: list[str] = []
    current: list[str] = []
    width = 0
    for text, w, continuation in pieces:
        if current and (continuation or width + w > budget):
            rows.append(" ".join(current))
            current, width = [], 0
        current.append(text)
        width += w
    if current:
        rows.append(" ".join(current))
    data_rows = [{"lhs": lhs if i == 0 else Tex(""), "body": Tex(r)} for i, r in enumerate(rows)]
    fits = all(_visible_len(r) <= budget + 2 for r in rows)
    return {"kind": "equation", "rows": data_rows, "note": text_latex(eq.note, lang), "fits": fits}


#: space between two equations set side by side, in characters of :func:`_visible_len`
SIDE_GAP = 8


def side_by_side(blocks: list[dict]) -> list[dict]:
    """Block data with consecutive one-line equations (estimated to fit, without a note) set
    side by side, as many to a row as fit :data:`MAX_LINE_CHARS`, in one ``align*`` whose
    column pairs line up ("W &= ... & b &= ..."): given data such as a network's weight
    matrices, biases and input, which one display each spread over a page."""
    out: list[dict] = []
    width = 0           # of the last row of out[-1] when it is a packed equation
    for d in blocks:
        one = d["kind"] == "equation" and d["fits"] and not d["note"] and len(d["rows"]) == 1
        w = _visible_len(str(d["rows"][0]["lhs"]) + str(d["rows"][0]["body"])) if one else 0
        last = out[-1] if out else None
        if one and last is not None and last.get("packed"):
            row = last["rows"][-1]
            if width + SIDE_GAP + w <= MAX_LINE_CHARS:
                row.setdefault("more", []).append(d["rows"][0])   # equation.tex: "& lhs &body"
                width += SIDE_GAP + w
            else:
                last["rows"].append(dict(d["rows"][0]))
                width = w
            continue
        out.append({**d, "rows": [dict(r) for r in d["rows"]], "packed": True} if one else d)
        width = w
    return out


def equation_groups(equations, lang: str) -> list[dict]:
    """Consecutive equations that fit the line share one ``align*`` (page breaks allowed);
    an equation that may be too wide stands alone in a box scaled to the line width."""
    groups: list[dict] = []
    for eq in equations:
        d = equation_data(eq, lang)
        if d["fits"] and not d["note"] and groups and groups[-1]["fits"] and not groups[-1]["note"]:
            groups[-1]["rows"].extend(d["rows"])
        else:
            groups.append(d)
    return groups

