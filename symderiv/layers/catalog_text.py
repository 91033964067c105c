"""Text and JSON of the activation catalog (for the command line): one row's derived
properties (:func:`to_json`), softmax (:func:`softmax_json`) and readable lines
(:func:`text_lines`)."""
from __future__ import annotations

from typing import Optional

import sympy as sp

from symderiv.language.printing import to_latex, to_text


_heaviside_1 = sp.Function("heaviside")


def text(expr) -> str:
    """:func:`symderiv.language.printing.to_text`, with Heaviside printed with one argument."""
    if isinstance(expr, sp.Basic) and expr.has(sp.Heaviside):
        expr = expr.replace(sp.Heaviside, lambda *a: _heaviside_1(a[0]))
    return to_text(expr)


def set_text(s) -> Optional[str]:
    """A SymPy Set (or point) as short text: '0', '(0, oo)', '{-1, 1}'."""
    if s is None:
        return None
    if isinstance(s, sp.FiniteSet):
        items = [text(v) for v in s]
        return items[0] if len(items) == 1 else "{" + ", ".join(items) + "}"
    if isinstance(s, sp.Interval):
        lb = "(" if s.left_open or s.inf == -sp.oo else "["
        rb = ")" if s.right_open or s.sup == sp.oo else "]"
        return f"{lb}{text(s.inf)}, {text(s.sup)}{rb}"
    if isinstance(s, sp.Union):
        return " u ".join(set_text(a) or "" for a in s.args)
    if s is sp.S.Reals:
        return "(-oo, oo)"
    return text(s) if isinstance(s, sp.Basic) else str(s)


def _float(v):
    try:
        f = float(sp.N(v, 17))
    except (TypeError, ValueError):
        return None
    if f != f or f in (float("inf"), float("-inf")):
        return None
    return f


def to_json(act) -> dict:
    """The derived properties of an :class:`~symderiv.layers.activations.Activation`."""
    b = act.bounds
    data = {
        "name": act.name,
        "title": act.title,
        "expression": text(act.expr),
        "derivative": text(act.derivative),
        "derivative_elementary": text(act.derivative_elementary),
        "derivative_latex": to_latex(act.derivative),
        "derivative_in_terms_of_f": text(act.derivative_self) if act.derivative_self is not None else None,
        "sup": text(b.sup),
        "sup_value": _float(b.sup),
        "argsup": set_text(b.argsup),
        "sup_attained": b.sup_attained,
        "sup_approached_at": None if b.sup_attained else [text(p) for p in b.sup_approached],
        "inf": text(b.inf),
        "inf_value": _float(b.inf),
        "arginf": set_text(b.arginf),
        "inf_attained": b.inf_attained,
        "inf_approached_at": None if b.inf_attained else [text(p) for p in b.inf_approached],
        "kinks": [text(k.point) for k in act.kinks],
        "one_sided_derivatives": {text(k.point): {"left": text(k.left), "right": text(k.right)}
                                  for k in act.kinks},
        "range": set_text(act.range),
        "critical_points": [
            {"point": set_text(c.where), "value": text(c.value),
             "second_derivative": text(c.second), "classification": c.classification,
             "numeric": c.numeric}
            for c in b.candidates if c.kind == "critical"],
    }
    if act.period is not None:
        data["periodic"] = text(act.period)
        data["note"] = "analysed on one period [0, 2*pi]; arg sets repeat with period 2*pi"
    if act.params:
        data["parameters"] = {p.name: set_text(rng) for p, rng, _ in act.params}
    return data


def softmax_json(info) -> dict:
    """The properties of softmax from a :class:`~symderiv.layers.activations.SoftmaxInfo`."""
    return {
        "name": "softmax",
        "title": "Softmax (output unit)",
        "expression": "exp(x_i) / sum_j exp(x_j)",
        "derivative": "J_ij = s_i*(delta_ij - s_j)",
        "jacobian_n%d" % info.n: [[text(c) for c in info.jacobian.row(i)] for i in range(info.n)],
        "derivative_latex": to_latex(info.jacobian_form),
        "sup": text(info.diag_bounds.sup),
        "sup_value": _float(info.diag_bounds.sup),
        "argsup": "s_i = " + (set_text(info.diag_bounds.argsup) or "") + " (diagonal entry)",
        "inf": text(info.offdiag_bounds.inf),
        "inf_value": _float(info.offdiag_bounds.inf),
        "arginf": "s_i = s_j = " + (set_text(info.offdiag_bounds.arginf) or "") + " (off-diagonal entry)",
        "kinks": [],
        "range": "(0, 1) per component, components sum to 1",
        "shift_invariant": all(v == 0 for v in info.shift_difference),
        "stable_form": "softmax(x - max_i x_i)",
    }


def text_lines(data: dict) -> list:
    """Human-readable lines of :func:`to_json` / :func:`softmax_json` output."""
    def where(attained, arg, approached):
        if attained:
            return f"attained at x in {arg}" if str(arg)[:1] in "([{" else f"attained at x = {arg}"
        return "not attained, approached as x -> " + ", ".join(approached or [])

    lines = [f"{data['title']}: f(x) = {data['expression']}"]
    lines.append(f"f'(x) = {data['derivative']}")
    if data.get("derivative_in_terms_of_f"):
        lines.append(f"f'(x) = {data['derivative_in_terms_of_f']}   (y = f(x))")
    if data["name"] == "softmax":
        lines.append(f"sup of the diagonal entries = {data['sup']} at {data['argsup']}")
        lines.append(f"inf of the off-diagonal entries = {data['inf']} at {data['arginf']}")
        lines.append(f"shift invariant: {'yes' if data['shift_invariant'] else 'no'}; "
                     f"stable form {data['stable_form']}")
        lines.append(f"range: {data['range']}")
        return lines
    def val(v):
        return f"  ({v:.12g})" if v is not None else ""

    lines.append(f"sup f' = {data['sup']}{val(data['sup_value'])}, "
                 + where(data["sup_attained"], data["argsup"], data["sup_approached_at"]))
    lines.append(f"inf f' = {data['inf']}{val(data['inf_value'])}, "
                 + where(data["inf_attained"], data["arginf"], data["inf_approached_at"]))
    for c in data["critical_points"]:
        lines.append(f"  critical point of f' at x = {c['point']}: f' = {c['value']}, "
                     f"f''' = {c['second_derivative']} ({c['classification']}"
                     + (", found numerically)" if c["numeric"] else ")"))
    if data["kinks"]:
        for k, d in data["one_sided_derivatives"].items():
            lines.append(f"kink at x = {k}: f'(x-) = {d['left']}, f'(x+) = {d['right']}")
    else:
        lines.append("kinks: none (differentiable everywhere)")
    lines.append(f"range of f: {data['range']}")
    if data.get("parameters"):
        lines.append("parameters: " + ", ".join(f"{k} in {v}" for k, v in data["parameters"].items()))
    if data.get("note"):
        lines.append(f"note: {data['note']}")
    return lines
