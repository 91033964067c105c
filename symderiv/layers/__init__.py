"""Layer calculus: the activation catalog, matrix terms, the rule table, network chains,
bounds.

Modules: :mod:`~symderiv.layers.activations` (catalog rows and their derived properties),
:mod:`~symderiv.layers.extrema` (sup/inf on smooth pieces), :mod:`~symderiv.layers.terms`
(structured Jacobians and shapes), :mod:`~symderiv.layers.rules` (the rule table),
:mod:`~symderiv.layers.chains`, :mod:`~symderiv.layers.network`,
:mod:`~symderiv.layers.tikz`, :mod:`~symderiv.layers.bounds` (gradient-flow chains).

The names below are importable from the package; they are loaded on first use, so that
importing one submodule (the catalog, say) does not build the rule table.
"""
import importlib

#: public name -> the submodule that defines it
_WHERE = {
    **{n: "terms" for n in ("Vec", "Term", "Identity", "Dense", "Diag", "Outer", "Row",
                            "Combination", "WeightTensor", "Port", "LayerError", "ShapeError",
                            "shape_str", "shape_latex", "space_latex", "tensor_json")},
    **{n: "rules" for n in ("LayerRule", "LAYERS", "ACTIVATIONS", "LOSSES", "LOSS_DEFINITIONS",
                            "rule", "layer_jacobian", "softmax_np")},
    **{n: "chains" for n in ("Factor", "Chain")},
    **{n: "network" for n in ("Network", "NetworkCheck")},
    **{n: "tikz" for n in ("chain_tikz", "network_tikz")},
}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(f"symderiv.layers.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
