"""Blocks of a Solution -> template data: plain dicts whose strings are LaTeX already.

Figures (TikZ from library code) pass through; plots become pgfplots coordinate lists
(at most :data:`MAX_PLOT_POINTS` per series); checks become rows of the check table.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

from symderiv.documents.errors import ReportError, TemplateError
from symderiv.documents.latex import (Tex, denoise, equation_data, equation_groups, error_latex,
                                      inline_latex, latex_escape, number_latex, text_latex)
from symderiv.documents.locales import LOCALES
from symderiv.documents.messages import BABEL, SIUNITX_LOCALE, catalog, method_name, msg
from symderiv.documents.model import (LANGS, Check, Code, Equation, Figure, Latex, Plot, Result, Series,
                                      Solution, Step, Table, Text)

#: pgfplots costs ~0.13 s per axis and grows with points: keep series short
MAX_PLOT_POINTS = 200


def _points(series: Series, ymode: str, xmode: str) -> Tex:
    import numpy as np
    x = np.asarray(series.x, dtype=float).ravel()
    y = np.asarray(series.y, dtype=float).ravel()
    if x.shape != y.shape:
        raise TemplateError(f"plot series: {x.size} x values but {y.size} y values")
    if x.size > MAX_PLOT_POINTS:
        idx = np.unique(np.linspace(0, x.size - 1, MAX_PLOT_POINTS).round().astype(int))
        x, y = x[idx], y[idx]
    coords = []
    for a, b in zip(x.tolist(), y.tolist()):
        bad = (not math.isfinite(a) or not math.isfinite(b)
               or (ymode == "log" and b <= 0) or (xmode == "log" and a <= 0))
        coords.append(f"({a:.6g},nan)" if bad else f"({a:.6g},{b:.6g})")
    return Tex(" ".join(coords))


def _method_latex(method, lang: str) -> Tex:
    """The method column: Text as text, known method words translated, code names as code."""
    if isinstance(method, Text):
        return text_latex(method, lang)
    words, is_code = method_name(str(method), lang)
    if not is_code:
        return latex_escape(words)
    # a dotted name may break after its dots (numpy.linalg.eig in a narrow column)
    return Tex(r"\texttt{%s}" % r".\allowbreak{}".join(latex_escape(p) for p in words.split(".")))


def _check_row(check: Check, lang: str) -> dict:
    rec = check.record
    points = getattr(rec, "points", 0)
    if not isinstance(points, (int, float)):
        try:
            points = len(points)
        except TypeError:
            points = 0
    kinks = getattr(rec, "kinks", 0) or 0
    if not isinstance(kinks, (int, float)):
        try:
            kinks = len(kinks)
        except TypeError:
            kinks = 0
    what = text_latex(check.what, lang) if isinstance(check.what, (Text, str)) \
        else inline_latex(check.what, lang)
    if kinks:
        what = Tex("%s (%s: %d)" % (what, latex_escape(msg("kinks", lang)), int(kinks)))
    rel = getattr(rec, "max_rel_error", float("nan"))
    passed = bool(getattr(rec, "passed", False))
    return {
        "what": what,
        "method": _method_latex(getattr(rec, "method", ""), lang),
        "points": Tex(str(int(points))),
        "max_rel_error": Tex("$%s$" % error_latex(rel)),
        "tolerance": Tex("$%s$" % number_latex(getattr(rec, "tolerance", float("nan")), 2)),
        "passed": passed,
    }


def block_data(block, lang: str) -> dict:
    """One block of a task (or of ``given``) as template data."""
    if isinstance(block, Step):
        return {"kind": "step", "text": text_latex(block.text, lang),
                "equations": equation_groups(block.equations, lang)}
    if isinstance(block, Equation):
        return equation_data(block, lang)
    if isinstance(block, Result):
        eq = equation_data(Equation(block.lhs, [block.value]), lang)
        return {"kind": "result", "label": text_latex(block.label, lang), "rows": eq["rows"], "ref": None}
    if isinstance(block, Table):
        ncol = len(block.header) if block.header else max((len(r) for r in block.rows), default=1)
        for r in block.rows:
            if len(r) != ncol:
                raise TemplateError(f"table row has {len(r)} cells, header {ncol}")
        return {"kind": "table", "colspec": Tex("l" * ncol),
                "header": [inline_latex(c, lang) for c in block.header],
                "rows": _table_cells(block.rows, lang),
                "caption": text_latex(block.caption, lang)}
    if isinstance(block, Figure):
        return {"kind": "figure", "tikz": Tex(block.tikz), "caption": text_latex(block.caption, lang)}
    if isinstance(block, Plot):
        series = [{"label": inline_latex(s.label, lang) if s.label not in ("", None) else Tex(""),
                   "style": Tex(s.style or ""),
                   "coords": _points(s, block.ymode, block.xmode)} for s in block.series]
        for mode in (block.xmode, block.ymode):
            if mode not in ("normal", "log"):
                raise TemplateError(f"plot axis mode must be 'normal' or 'log', not {mode!r}")
        return {"kind": "plot", "series": series,
                "legend": any(s["label"] for s in series),
                "xlabel": inline_latex(block.xlabel, lang) if block.xlabel != "" else Tex(""),
                "ylabel": inline_latex(block.ylabel, lang) if block.ylabel != "" else Tex(""),
                "xmode": Tex(block.xmode), "ymode": Tex(block.ymode),
                "caption": text_latex(block.caption, lang)}
    if isinstance(block, Check):
        return {"kind": "checks", "rows": [_check_row(block, lang)], "caption": None, "label": None}
    if isinstance(block, (Text, str)):
        return {"kind": "text", "text": text_latex(block, lang)}
    if isinstance(block, Latex):
        return {"kind": "math", "code": Tex(block.code)}
    if isinstance(block, Code):
        return code_data(block, lang)
    raise TemplateError(f"cannot render a block of type {type(block).__name__}")


_LISTING_LANGUAGES = ("Python", "bash")


def code_data(block: Code, lang: str) -> dict:
    """A listing: the source verbatim (``listings`` prints it literally); characters
    outside printable ASCII become ``?`` because ``listings`` cannot typeset UTF-8."""
    if block.language not in _LISTING_LANGUAGES:
        raise TemplateError(f"listing language must be one of {_LISTING_LANGUAGES}, not {block.language!r}")
    source = "".join(ch if (" " <= ch <= "~" or ch == "\n") else "?" for ch in
                     block.source.expandtabs(4).rstrip() + "\n")
    if "\\end{lstlisting}" in source:
        raise TemplateError("a listing must not contain \\end{lstlisting}")
    return {"kind": "code", "language": Tex(block.language), "source": Tex(source),
            "caption": text_latex(block.caption, lang)}


def blocks_data(blocks: Iterable, lang: str) -> list[dict]:
    """Blocks as template data; consecutive checks share one check table."""
    out: list[dict] = []
    for b in blocks:
        d = block_data(b, lang)
        if d["kind"] == "checks" and out and out[-1]["kind"] == "checks":
            out[-1]["rows"].extend(d["rows"])
        else:
            out.append(d)
    return out


def language_data(lang: str) -> dict:
    """What the shared preamble needs to know about the language."""
    return {"lang": lang, "babel": Tex(BABEL[lang]), "locale": Tex(SIUNITX_LOCALE[lang]),
            "decimal_comma": LOCALES[lang].decimal_comma}


def _param_value(v) -> Tex:
    """A parameter value as given with ``--param``: numbers typeset, text as typed (code)."""
    if isinstance(v, float):
        return number_latex(v)
    if isinstance(v, str):
        return Tex(r"\texttt{%s}" % latex_escape(v))
    return latex_escape(str(v))


def _table_cells(rows: list, lang: str) -> list:
    """Table cells as LaTeX; float columns lose the rounding noise of exact zeros."""
    import numpy as np
    rows = [list(r) for r in rows]
    ncol = max((len(r) for r in rows), default=0)
    for j in range(ncol):
        idx = [i for i, r in enumerate(rows) if isinstance(r[j], (float, np.floating))
               and not isinstance(r[j], bool)]
        for i, v in zip(idx, denoise([rows[i][j] for i in idx])):
            rows[i][j] = v
    return [[inline_latex(c, lang) for c in r] for r in rows]


def solution_data(solution: Solution, lang: str, title=None, author=None,
                  params: Optional[dict] = None, seed: Optional[int] = None) -> dict:
    """Everything the base template needs."""
    if lang not in LOCALES:
        raise ReportError(f"unknown language '{lang}' (languages: {', '.join(LOCALES)})")
    checks = solution.checks()
    passed = sum(1 for c in checks if getattr(c.record, "passed", False))
    msgs = {k: latex_escape(v) for k, v in catalog(lang).items()}
    if checks:
        summary = latex_escape(msg("checks_summary", lang, passed=passed, total=len(checks)))
    else:
        summary = msgs["no_checks"]
    param_items = []
    for k, v in (params or {}).items():
        if isinstance(v, (tuple, list)):  # a tuple in parentheses; "; " beside a decimal comma
            sep = LOCALES[lang].tuple_separator(True) + " "
            value = Tex("(" + sep.join(_param_value(t) for t in v) + ")")
        else:
            value = _param_value(v)
        param_items.append(Tex(r"\texttt{%s} $=$ %s" % (latex_escape(k), value)))
    return {
        **language_data(lang),
        "msg": msgs,
        "name": latex_escape(solution.name),
        "title": latex_escape(title) if title else text_latex(solution.title, lang),
        "subtitle": text_latex(solution.title, lang) if title else Tex(""),
        "author": latex_escape(author) if author else Tex(""),
        "source": text_latex(solution.source, lang) if solution.source else Tex(""),
        "params": param_items,
        "seed": Tex(str(int(seed))) if seed is not None else Tex(""),
        "given": blocks_data(solution.given, lang),
        "tasks": [{"number": i, "title": text_latex(t.title, lang), "declared": False,
                   "blocks": blocks_data(t.blocks, lang)}
                  for i, t in enumerate(solution.tasks, 1)],
        "summary": summary,
        "all_passed": passed == len(checks),
        "appendix": [],
    }


def index_data(entries: list[dict], lang: str, title: Optional[str] = None,
               author: Optional[str] = None) -> dict:
    """Everything the index template needs. ``entries``: dicts with ``name``, ``file``,
    and either ``solution`` (a Solution), or its summary ``title``, ``source``, ``passed``
    and ``total`` (checks), or ``error`` (a str)."""
    rows = []
    for e in entries:
        sol = e.get("solution")
        if sol is not None:
            checks = sol.checks()
            e = {**e, "title": sol.title, "source": sol.source, "total": len(checks),
                 "passed": sum(1 for c in checks if getattr(c.record, "passed", False))}
        built = "title" in e and not e.get("error")
        rows.append({
            "name": latex_escape(e["name"]),
            "file": latex_escape(e.get("file", "")),
            "title": text_latex(e["title"], lang) if built else latex_escape(msg("build_failed", lang)),
            "source": text_latex(e["source"], lang) if built and e.get("source") else Tex(""),
            "checks": Tex(f"{e['passed']}/{e['total']}") if built else Tex("--"),
            "ok": built and e["passed"] == e["total"],
        })
    return {**language_data(lang),
            "msg": {k: latex_escape(v) for k, v in catalog(lang).items()},
            "title": latex_escape(title) if title else latex_escape(msg("index_title", lang)),
            "author": latex_escape(author) if author else Tex(""),
            "rows": rows}
