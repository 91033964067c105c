"""The problem format: a problem declared in parts, as R/exams separates data, question and
solution, but verified.

A problem is a folder ``problems/<name>/`` with

- ``problem.py``: the declaration, a :class:`ProblemSpec`: metadata (the source sheet and its
  own task labels), parameters with their domains, a ``prepare`` function that does the maths
  of one variant, and the list of :class:`TaskSpec`;
- ``maths.py``: the maths (SymPy, NumPy, library calls), returning data, no prose;
- ``tasks.py`` (or ``questions.py``): one small function per task that turns the maths into
  a :class:`Part`: the statement a student reads, the task's given data, its questions, the
  worked solution and its checks;
- ``messages/<lang>.po``: every sentence, per language (see :mod:`symderiv.documents.i18n`).

:func:`declare` registers the problem; :func:`assemble` builds the :class:`Solution` that the
documents print: the exercise sheet takes each task's label, statement and questions; the
model solution takes the same tasks in the same order, with a restatement, the worked
solution and every answer in a result box; the checks go to the appendix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from symderiv.documents.answers import Answer
from symderiv.documents.i18n import Msg, register_catalog
from symderiv.documents.messages import task_label_text
from symderiv.documents.model import Check, Result, Solution, Task
from symderiv.problems import register


@dataclass
class Question:
    """One answer a student gives. ``key``: its id within the problem (in the answer key
    only, never on a student's document); ``text``: what to give, as a sentence; ``lhs``:
    the quantity as maths; ``value``: the expected answer (a number or a SymPy
    expression); ``precision``: significant digits asked for (numbers)."""

    key: str
    text: Msg
    value: Any
    lhs: Any = None
    precision: int = 4


@dataclass
class Part:
    """What a task function returns for one variant."""

    statement: list                                  #: what to do (sentences, equations)
    solution: list                                   #: worked steps, figures, results
    checks: list = field(default_factory=list)       #: Check blocks (the appendix)
    questions: list = field(default_factory=list)    #: Question
    given: list = field(default_factory=list)        #: data of this task only


@dataclass(frozen=True)
class TaskSpec:
    """A task of the source sheet (``label`` as the sheet writes it: ``"b)"``,
    ``"Aufgabe 2 (a)"``; its leading word is translated through the catalog, ``label.<word>``),
    or an ``extension`` beyond the sheet (labelled by the documents). ``anchor``: the text
    that starts the task in the source, where that is not its label (an unlabelled bullet
    "Stellen Sie ..." the documents call "Teil 1")."""

    label: str
    title: str                                       #: message id
    build: Callable[[Any], Part]                     #: prepared maths -> Part
    extension: bool = False
    anchor: str = ""


@dataclass(frozen=True)
class ProblemSpec:
    name: str
    description: str                                 #: one line for ``symderiv problems``
    sheet: str                                       #: the source sheet's file prefix ("000")
    title: str                                       #: message id of the title
    source: str                                      #: message id: "sheet 3, exercise b)"
    params: list
    prepare: Callable[[dict, int], Any]              #: (params, seed) -> the maths
    given: Callable[[Any], list]                     #: the problem's given data
    tasks: list
    messages: Path                                   #: the folder of the .po catalogs
    lang: str = "en"
    constraint: Optional[Callable] = None
    #: the exercise's heading in the source sheet where its task labels begin ("Aufgabe 2"),
    #: when the labels alone ("(a)") also occur in an earlier exercise of the sheet
    exercise: str = ""

    def labels(self) -> list[str]:
        """The source's task labels, in order (extensions not included)."""
        return [t.label for t in self.tasks if not t.extension]

    def anchors(self) -> list[str]:
        """Where the source's tasks start in its text, in order (the label by default)."""
        return [t.anchor or t.label for t in self.tasks if not t.extension]


SPECS: dict[str, ProblemSpec] = {}


def declare(spec: ProblemSpec) -> ProblemSpec:
    """Register ``spec`` as a problem (and its catalogs)."""
    register_catalog(spec.messages)
    SPECS[spec.name] = spec
    labels = ", ".join(task_label_text(label, "en") for label in spec.labels())  # as the CLI speaks English
    register(spec.name, spec.description, spec.params, f"{spec.sheet} {labels}", spec.lang,
             spec.constraint)(lambda params, seed: assemble(spec, params, seed))
    return spec


def _task(spec_task: TaskSpec, part: Part, number: int) -> Task:
    return Task(Msg(spec_task.title), part.solution, label=spec_task.label,
                statement=part.statement, given=part.given, checks=part.checks,
                extension=spec_task.extension)


def _answers(part: Part, number: int) -> list[Answer]:
    return [Answer(q.text, q.value, q.lhs, number, precision=q.precision, key=q.key)
            for q in part.questions]


def assemble(spec: ProblemSpec, params: dict, seed: int) -> Solution:
    """The Solution of one variant: every task's part, in the declared order."""
    maths = spec.prepare(params, seed)
    tasks, answers = [], []
    for number, t in enumerate(spec.tasks, 1):
        part = t.build(maths)
        bad = [b for b in part.solution if isinstance(b, Check)]
        if bad:
            raise TypeError(f"{spec.name}, task {t.label}: checks belong in Part.checks")
        tasks.append(_task(t, part, number))
        answers.extend(_answers(part, number))
    _every_answer_printed(spec, tasks, answers)
    return Solution(spec.name, Msg(spec.title), source=Msg(spec.source), given=spec.given(maths),
                    tasks=tasks, answers=answers, declared=True)


def _every_answer_printed(spec: ProblemSpec, tasks: list, answers: list) -> None:
    """Every question's answer stands in a result box of its task (the solution answers
    every question the sheet asks)."""
    import sympy as sp
    for a in answers:
        boxed = [b.value for b in tasks[a.task - 1].blocks if isinstance(b, Result)]
        flat = []
        for v in boxed:
            flat.extend(list(v) if isinstance(v, (tuple, list, sp.Tuple)) else
                        list(v) if isinstance(v, sp.MatrixBase) else [v])
        if not any(_same(a.value, v) for v in flat):
            raise TypeError(f"{spec.name}: the answer of question '{a.key}' is in no result box")


def _same(x, y) -> bool:
    import sympy as sp
    try:
        if isinstance(x, sp.Basic) and not x.is_number:
            return isinstance(y, sp.Basic) and sp.simplify(x - y) == 0
        return abs(float(x) - float(y)) <= 1e-12 * max(1.0, abs(float(x)))
    except (TypeError, ValueError):
        return False
