"""The LaTeX printer: blocks of a Solution -> template data, plain dicts whose strings
are LaTeX already (computation here, layout in the templates; see
:mod:`symderiv.documents.printer` for the dispatch).

Figures (TikZ from library code) pass through; plots become pgfplots coordinate lists
(at most :data:`MAX_PLOT_POINTS` per series); checks become rows of the check table.
"""
from __future__ import annotations

import math
from typing import Iterable, Optional

from symderiv.documents.errors import TemplateError
from symderiv.documents.equations import equation_data, equation_groups, side_by_side
from symderiv.documents.latex import (Tex, denoise_columns, error_latex,
                                      inline_latex, latex_escape, number_latex, text_latex)
from symderiv.documents.locales import LOCALES
from symderiv.documents.messages import BABEL, SIUNITX_LOCALE, catalog, method_name, msg
from symderiv.documents.content import (Check, Code, Equation, Figure, Ident, Latex, Plot, Result, Series,
                                        Step, Table, Task, Text)
from symderiv.documents.printer import Printer

__all__ = ["LatexPrinter", "MAX_PLOT_POINTS", "blocks_data", "solution_data", "index_data", "language_data"]

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


def _log_ticks(values: Iterable[float]) -> Optional[dict]:
    """Ticks of a log axis whose data hold fewer than two powers of ten, where pgfplots would
    put its ticks at fractional exponents (10^-0.2): at 1, 2 and 5 times the powers of ten
    where that gives three ticks or more, else at the multiples of the largest of 5, 2, 1
    times a power of ten that gives three; labelled as numbers by siunitx. ``None`` where
    pgfplots' own ticks (powers of ten) are right, or for a range too narrow for three ticks
    at four digits."""
    import numpy as np
    v = np.asarray([x for x in values if math.isfinite(x) and x > 0], dtype=float)
    if v.size == 0:
        return None
    lo, hi = float(v.min()) * (1 - 1e-9), float(v.max()) * (1 + 1e-9)
    k_lo, k_hi = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if sum(1 for k in range(k_lo, k_hi + 1) if lo <= 10.0 ** k <= hi) >= 2:
        return None
    ticks = [f"{m}e{k}" for k in range(k_lo, k_hi + 1) for m in (1, 2, 5) if lo <= m * 10.0 ** k <= hi]
    steps = ((s, k) for k in range(k_hi, k_lo - 4, -1) for s in (5, 2, 1))
    while len(ticks) < 3:
        step = next(steps, None)
        if step is None:
            return None
        s, k = step
        ticks = [f"{n * s}e{k}" for n in range(math.ceil(lo / (s * 10.0 ** k)), math.floor(hi / (s * 10.0 ** k)) + 1)]
    return {"at": Tex(",".join(ticks)),
            "labels": Tex(",".join("{%s}" % number_latex(float(t)) for t in ticks))}


def _method_latex(method, lang: str) -> Tex:
    """The method column: Text as text, known method words translated, code names as code."""
    if isinstance(method, Text):
        return text_latex(method, lang)
    words, is_code = method_name(str(method), lang)
    return inline_latex(Ident(words), lang) if is_code else latex_escape(words)


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


class LatexPrinter(Printer):
    """The Solution model as data for the Jinja2 templates: each block becomes a dict
    whose strings are LaTeX already (:class:`Tex`) and whose ``kind`` names the template
    that lays it out (``<kind>.tex``, included by ``blocks.tex``)."""

    format = "LaTeX"

    def blocks(self, blocks: Iterable) -> list[dict]:
        """Blocks as template data; consecutive checks share one check table."""
        out: list[dict] = []
        for b in blocks:
            d = self.doprint(b)
            if d["kind"] == "checks" and out and out[-1]["kind"] == "checks":
                out[-1]["rows"].extend(d["rows"])
            else:
                out.append(d)
        return out

    def _print_Step(self, block: Step) -> dict:
        return {"kind": "step", "text": text_latex(block.text, self.lang),
                "equations": equation_groups(block.equations, self.lang)}

    def _print_Equation(self, block: Equation) -> dict:
        return equation_data(block, self.lang)

    def _print_Result(self, block: Result) -> dict:
        eq = equation_data(Equation(block.lhs, [block.value]), self.lang)
        return {"kind": "result", "label": text_latex(block.label, self.lang), "rows": eq["rows"], "ref": None}

    def _print_Table(self, block: Table) -> dict:
        lang = self.lang
        ncol = len(block.header) if block.header else max((len(r) for r in block.rows), default=1)
        for r in block.rows:
            if len(r) != ncol:
                raise TemplateError(f"table row has {len(r)} cells, header {ncol}")
        return {"kind": "table", "colspec": Tex("l" * ncol),
                "header": [inline_latex(c, lang) for c in block.header],
                "rows": _table_cells(block.rows, lang),
                "caption": text_latex(block.caption, lang)}

    def _print_Figure(self, block: Figure) -> dict:
        return {"kind": "figure", "tikz": Tex(block.tikz), "caption": text_latex(block.caption, self.lang)}

    def _print_Plot(self, block: Plot) -> dict:
        import numpy as np
        lang = self.lang
        series = [{"label": inline_latex(s.label, lang) if s.label not in ("", None) else Tex(""),
                   "style": Tex(s.style or ""),
                   "coords": _points(s, block.ymode, block.xmode)} for s in block.series]
        for mode in (block.xmode, block.ymode):
            if mode not in ("normal", "log"):
                raise TemplateError(f"plot axis mode must be 'normal' or 'log', not {mode!r}")
        ticks = []
        for axis, mode in (("x", block.xmode), ("y", block.ymode)):
            values = [np.asarray(getattr(s, axis), dtype=float).ravel() for s in block.series]
            t = _log_ticks(np.concatenate(values).tolist()) if mode == "log" and values else None
            if t is not None:
                ticks.append(dict(t, axis=Tex(axis)))
        return {"kind": "plot", "series": series,
                "legend": any(s["label"] for s in series), "ticks": ticks,
                "xlabel": inline_latex(block.xlabel, lang) if block.xlabel != "" else Tex(""),
                "ylabel": inline_latex(block.ylabel, lang) if block.ylabel != "" else Tex(""),
                "xmode": Tex(block.xmode), "ymode": Tex(block.ymode),
                "caption": text_latex(block.caption, lang)}

    def _print_Check(self, block: Check) -> dict:
        return {"kind": "checks", "rows": [_check_row(block, self.lang)], "caption": None, "label": None}

    def _print_Text(self, block: Text) -> dict:
        return {"kind": "text", "text": text_latex(block, self.lang)}

    _print_str = _print_Text

    def _print_Latex(self, block: Latex) -> dict:
        return {"kind": "math", "code": Tex(block.code)}

    def _print_Code(self, block: Code) -> dict:
        """A listing: the source verbatim (``listings`` prints it literally); characters
        outside printable ASCII become ``?`` because ``listings`` cannot typeset UTF-8."""
        if block.language not in _LISTING_LANGUAGES:
            raise TemplateError(f"listing language must be one of {_LISTING_LANGUAGES}, not {block.language!r}")
        source = "".join(ch if (" " <= ch <= "~" or ch == "\n") else "?" for ch in
                         block.source.expandtabs(4).rstrip() + "\n")
        if "\\end{lstlisting}" in source:
            raise TemplateError("a listing must not contain \\end{lstlisting}")
        return {"kind": "code", "language": Tex(block.language), "source": Tex(source),
                "caption": text_latex(block.caption, self.lang)}

    def _print_Task(self, task: Task, number: int = 0) -> dict:
        return {"number": number, "title": text_latex(task.title, self.lang), "declared": False,
                "blocks": self.blocks(task.blocks)}

    def _print_Solution(self, solution) -> dict:
        return self.solution(solution)

    def solution(self, solution, title=None, author=None, params: Optional[dict] = None,
                 seed: Optional[int] = None, tasks: bool = True) -> dict:
        """Everything the base template needs (``title``, ``author``: user text; without
        ``tasks`` the tasks are left out, for a caller that renders them its own way)."""
        lang = self.lang
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
            "given": side_by_side(self.blocks(solution.given)),
            "tasks": [self._print_Task(t, i) for i, t in enumerate(solution.tasks, 1)] if tasks else [],
            "summary": summary,
            "all_passed": passed == len(checks),
            "appendix": [],
        }


_LISTING_LANGUAGES = ("Python", "bash")


def blocks_data(blocks: Iterable, lang: str) -> list[dict]:
    """Blocks as template data (:meth:`LatexPrinter.blocks`)."""
    return LatexPrinter(lang).blocks(blocks)


def given_data(blocks: Iterable, lang: str) -> list[dict]:
    """Given data (a problem's or a task's data, a task's statement) as template data: short
    one-line equations side by side (:func:`~symderiv.documents.equations.side_by_side`)."""
    return side_by_side(LatexPrinter(lang).blocks(blocks))


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
    return [[inline_latex(c, lang) for c in r] for r in denoise_columns(rows)]


def solution_data(solution, lang: str, title=None, author=None,
                  params: Optional[dict] = None, seed: Optional[int] = None, tasks: bool = True) -> dict:
    """Everything the base template needs (:meth:`LatexPrinter.solution`)."""
    return LatexPrinter(lang).solution(solution, title, author, params, seed, tasks)


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
