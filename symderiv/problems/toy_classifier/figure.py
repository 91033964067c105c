"""The plots of Part 2 (iii): the loss during training, and the training data over the
decision region of the trained network.

The region plot shades the whole axis: a light blue rectangle for class 0 and, on top of
it, one light orange filled path for the cells classified 1 (see
:func:`~symderiv.problems.toy_classifier.maths.filled_path`); both reach beyond the data
and do not update the axis limits, so the axis clips them and no white margin or wedge
remains. The points of the two classes have their own dark colours and marks (hollow
circles, filled triangles), distinguishable on both shades and in grey print; the legend
shows the same fills and marks.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from symderiv.documents.i18n import Msg
from symderiv.documents.model import Plot, Series
from symderiv.problems.toy_classifier.maths import Maths, decision_runs, filled_path

#: pgfplots styles (library constants): fills without outline, legend patches as areas
FILL0 = "color=blue!15, fill=blue!15, draw=none, area legend, update limits=false"
FILL1 = "color=orange!45, fill=orange!45, draw=none, area legend, update limits=false"
MARK0 = "only marks, mark=o, mark size=1.6pt, color=blue!70!black"
MARK1 = "only marks, mark=triangle*, mark size=2pt, color=red!65!black"
LIMITS = "draw=none, mark=none, forget plot"
#: rectangles per filled series: 5 points each and 1 to walk back, within the printer's
#: 200 points per series (a longer series is thinned out, which tears the path)
PER_SERIES = 30


def class1_paths(m: Maths) -> list[tuple[list, list]]:
    """The filled paths of the cells the trained network classifies as 1, at most
    :data:`PER_SERIES` rectangles each."""
    t = m.training
    rects = decision_runs(t.inside, t.edges)
    return [filled_path(rects[k:k + PER_SERIES]) for k in range(0, len(rects), PER_SERIES)]


def region_plot(m: Maths, paths: list) -> Plot:
    t = m.training
    (gx0, gx1), (gy0, gy1) = ((e[0], e[-1]) for e in t.edges)
    X, Y = t.X, t.Y[:, 0]
    c0, c1 = X[Y < 0.5], X[Y >= 0.5]
    series = [Series(Msg("toy-classifier.plot.region0"), [gx0, gx1, gx1, gx0, gx0], [gy0, gy0, gy1, gy1, gy0], FILL0)]
    for k, (xs, ys) in enumerate(paths):
        series.append(Series(Msg("toy-classifier.plot.region1") if k == 0 else "", xs, ys,
                             FILL1 + ("" if k == 0 else ", forget plot")))
    series += [Series(Msg("toy-classifier.plot.class0"), c0[:, 0], c0[:, 1], MARK0),
               Series(Msg("toy-classifier.plot.class1"), c1[:, 0], c1[:, 1], MARK1),
               Series("", [t.lo[0], t.hi[0]], [t.lo[1], t.hi[1]], LIMITS)]
    p = sp.Function("p")(sp.Symbol("x"))
    half = sp.Rational(1, 2)
    return Plot(series, xlabel=sp.Symbol("x_1"), ylabel=sp.Symbol("x_2"),
                caption=Msg("toy-classifier.plot.region_caption", ge=sp.Ge(p, half, evaluate=False),
                            lt=sp.Lt(p, half, evaluate=False), n=len(t.edges[0]) - 1))


def loss_plot(m: Maths) -> Plot:
    h = m.training.history
    return Plot([Series(Msg("toy-classifier.plot.loss"), np.arange(len(h)), h)],
                xlabel=Msg("toy-classifier.plot.iteration"), ylabel=sp.Symbol("E"), ymode="log",
                caption=Msg("toy-classifier.plot.loss_caption"))
