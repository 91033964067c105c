"""Notebook display of a :class:`~symderiv.verify.records.VerificationRecord`: the check
table as HTML (Jupyter calls ``_repr_html_``). Every piece of text is escaped with
:func:`html.escape` (array names, messages and kink descriptions can hold ``<``, ``&``)."""
from __future__ import annotations

from html import escape


def _num(v) -> str:
    if v is None:
        return "auto"
    try:
        return escape(f"{float(v):.3g}")
    except (TypeError, ValueError):
        return escape(str(v))


def _row(cells, tag="td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def record_html(rec) -> str:
    """The record as an HTML table: method, points, max relative error, tolerance (rtol,
    atol), verdict, then the counts, the reason of an undecided check, the worst entries
    and the kinks."""
    verdict = {"passed": "passed", "failed": "FAILED", "undecided": "undecided"}.get(rec.status, rec.status)
    colour = {"passed": "#1a7f37", "failed": "#cf222e"}.get(rec.status, "#9a6700")
    head = ["method", "points", "max relative error", "tolerance", "verdict"]
    tol = _num(rec.tolerance)
    if getattr(rec, "wrong", None) is not None:
        tol = f"rtol {tol}, atol {_num(rec.atol)}"
    body = [escape(str(rec.method)), escape(f"{rec.points:,}"), _num(rec.max_rel_error), tol,
            f'<b style="color:{colour}">{escape(verdict)}</b>']
    parts = ['<table class="symderiv-check">', _row(head, "th"), _row(body)]
    # arrays that could not be compared at all come first: they decide the verdict
    notes = [escape(d["message"]) for d in rec.details if isinstance(d, dict) and d.get("unchecked")]
    if rec.status == "undecided" and rec.reason:
        notes.append(escape(rec.reason))
    if rec.wrong is not None and rec.checked is not None:
        notes.append(escape(f"{rec.wrong:,} of {rec.checked:,} checked entries wrong"))
    if rec.sampled:
        notes.append(escape(rec.sampled))
    if rec.kinks:
        notes.append(escape(f"{len(rec.kinks)} comparison(s) at kinks, not counted"))
    for d in rec.details:
        if isinstance(d, dict) and d.get("passed") is False and d.get("message") and not d.get("unchecked"):
            notes.append(escape(d["message"]))
    for note in notes:
        parts.append(f'<tr><td colspan="5">{note}</td></tr>')
    parts.append("</table>")
    if rec.worst:
        parts.append(f"<p>worst {len(rec.worst)} shown</p>")
        parts.append('<table class="symderiv-worst">')
        parts.append(_row(["entry", "analytic", "numeric", "|a - n|", "relative error"], "th"))
        for w in rec.worst:
            parts.append(_row([escape(entry_label(w)), escape(f"{w['analytic']:.10g}"),
                               escape(f"{w['numeric']:.10g}"), _num(w.get("abs_error")),
                               _num(w.get("rel_error"))]))
        parts.append("</table>")
    return "\n".join(parts)


def entry_label(w: dict) -> str:
    """``W1[3, 7]``, ``W1 (direction 2)`` or ``d/dx at x=0.3``: where a compared value sits."""
    idx = w.get("index")
    if isinstance(idx, (list, tuple)):
        return f"{w['name']}[{', '.join(str(int(t)) for t in idx)}]"
    if isinstance(idx, dict):
        return f"{w['name']} at " + ", ".join(f"{k}={v:.6g}" for k, v in idx.items())
    if idx is None:
        return str(w["name"])
    return f"{w['name']} {idx}"
