"""Exercise sheet 001, Aufgabe 12: hyperlink matrix, its eigenvalues, the plain power
iteration that cycles; beyond the sheet, the damped (PageRank) iteration that converges.

The sheet's figure of the model internet is not part of its text: graph 1 of the family in
:mod:`maths` is our guess of it; the variants use the other graphs of the family.
"""
from __future__ import annotations

from pathlib import Path

from symderiv.problems import Param
from symderiv.problems.domains import IntRange
from symderiv.problems.hyperlink import maths, tasks
from symderiv.problems.spec import ProblemSpec, TaskSpec, declare

SPEC = declare(ProblemSpec(
    name="hyperlink-matrix",
    description="Hyperlink matrix: exact eigenvalues, |lambda| = 1, periodic power iteration, PageRank",
    sheet="001",
    title="hyperlink.title",
    source="hyperlink.source",
    params=[Param("graph", 1, "link graph of the variant (1: the guessed graph of the sheet, "
                  "2-30: other periodic graphs on 6 pages)", IntRange(1, maths.FAMILY)),
            Param("damping", 0.85, "damping factor alpha of PageRank (strictly between 0 and 1)")],
    prepare=maths.prepare,
    given=tasks.given,
    exercise="Aufgabe 12",
    tasks=[TaskSpec("Teil 1", "hyperlink.h.title", tasks.task_h, anchor="Stellen Sie"),
           TaskSpec("Teil 2", "hyperlink.eigen.title", tasks.task_eigen, anchor="Berechnen Sie"),
           TaskSpec("Teil 3", "hyperlink.iteration.title", tasks.task_iteration, anchor="Begründen Sie"),
           TaskSpec("pagerank", "hyperlink.pr.title", tasks.task_pagerank, extension=True)],
    messages=Path(__file__).parent / "messages",
    lang="de",
))
