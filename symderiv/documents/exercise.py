"""Template data of a declared problem's tasks (:mod:`symderiv.problems.spec`): the headings
in the source's own labels, the statement, the worked solution with every result pointing to
its verification table, and the verification appendix ("Prüfprotokoll" / "Verification").

Shared by the report (``base.tex``), the exercise sheet (``exercise.tex``) and the course's
solution document; problems without a declaration keep the older layout.
"""
from __future__ import annotations

import re

from symderiv.documents.latex_printer import blocks_data, given_data
from symderiv.documents.latex import Tex, latex_escape, text_latex
from symderiv.documents.messages import msg, task_label_text

_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def question_label(index: int, task_label: str = "") -> str:
    """The label of a task's ``index``-th question (1-based) on a sheet: (i), (ii), ... Roman
    numerals, because the sources label their tasks with letters and numbers already; (a),
    (b), ... under a task whose own label ends in a Roman numeral ("Task 5 (ii)"), so that a
    question's label never reads like a task's."""
    if re.search(r"\((?:%s)\)\s*$" % "|".join(_ROMAN), task_label or ""):
        return f"({chr(ord('a') + index - 1)})" if index <= 26 else f"({index})"
    return f"({_ROMAN[index - 1]})" if index <= len(_ROMAN) else f"({index})"


def task_heading(task, tasks: list, lang: str) -> Tex:
    """``b) Title`` for a task of the source; ``Further exercise 1: Title`` beyond it."""
    sep = ": " if task.extension else " "
    return Tex(f"{task_label(task, tasks, lang)}{sep}{text_latex(task.title, lang)}")


def task_label(task, tasks: list, lang: str) -> Tex:
    """The short name of a task: its source label, or ``Further exercise 1``."""
    if task.extension:
        return latex_escape(msg("further_exercise", lang, n=[t for t in tasks if t.extension].index(task) + 1))
    return latex_escape(task_label_text(task.label, lang))


def task_data(solution, task, number: int, lang: str) -> dict:
    """A declared task in the worked solution: heading, restatement, given data, the worked
    blocks (results refer to the task's verification table)."""
    blocks = blocks_data(task.blocks, lang)
    if task.checks:
        # the number of the task's table in the appendix (A.1, A.2, ... in the order of the
        # tasks with checks, as appendix.tex numbers them), written out: no \ref, so the
        # document needs one pdflatex pass, not two
        ref = Tex("A.%d" % sum(1 for t in solution.tasks[:number] if t.checks))
        for b in blocks:
            if b["kind"] == "result":
                b["ref"] = ref
    return {"declared": True, "number": number, "heading": task_heading(task, solution.tasks, lang),
            "statement": given_data(task.statement, lang), "given": given_data(task.given, lang),
            "blocks": blocks}


def appendix_data(solution, lang: str) -> list[dict]:
    """One check table per task that has checks, captioned with the task's heading."""
    out = []
    for number, task in enumerate(solution.tasks, 1):
        if not task.checks:
            continue
        table = blocks_data(task.checks, lang)[0]
        before, _, after = msg("checks_of", lang).partition("{task}")
        table["caption"] = Tex(latex_escape(before) + task_heading(task, solution.tasks, lang)
                               + latex_escape(after))
        table["label"] = None           # results name their table by number (task_data): no \label
        out.append(table)
    return out


def document_data(solution, lang: str, title=None, author=None, params=None, seed=None) -> dict:
    """The template data of a worked solution (:func:`~symderiv.documents.latex_printer.solution_data`);
    for a declared problem with the tasks in the source's numbering, the verification in the
    appendix, and no internal names or parameters."""
    from symderiv.documents.latex_printer import solution_data
    data = solution_data(solution, lang, title, author, params, seed, tasks=not solution.declared)
    if not solution.declared:
        return data
    data.update(declared=True, params=[], name=Tex(""),
                tasks=[task_data(solution, t, i, lang) for i, t in enumerate(solution.tasks, 1)],
                appendix=appendix_data(solution, lang))
    return data
