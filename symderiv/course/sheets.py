"""One sheet (a student or a variant): the exercise document and the solution document.

The exercise document shows, per problem, only what a student is given: the title, the
``given`` blocks of the Solution (without checks), the task titles, and the questions of
the answer key with a blank - never a derivation step, a result or a check. The solution
document shows every problem's worked solution (as ``symderiv solve`` does) and, at the
end, the answer key of the sheet. Both are rendered from the templates ``exercise.tex``
and ``course_solution.tex`` through :mod:`symderiv.documents.render` (escaping, math).
"""
from __future__ import annotations

from symderiv.documents.model import Check, Plot, Result
from symderiv.documents.latex import Tex, inline_latex, latex_escape, math_latex, text_latex
from symderiv.documents.latex_printer import given_data, language_data
from symderiv.documents.render import render_template

#: block types of ``given`` that an exercise sheet does not show (results and checks)
SOLUTION_KINDS = (Result, Check, Plot)


def exercise_given(blocks) -> list:
    """The given blocks a student may see: the given data (text, equations, figures,
    tables, statement steps), without results, checks or plots."""
    return [b for b in blocks if not isinstance(b, SOLUTION_KINDS)]


def _expected_latex(entry: dict, lang: str) -> Tex:
    if entry["kind"] == "number":
        return inline_latex(float(entry["expected"]), lang)
    from symderiv.language.parse import parse
    return inline_latex(parse(entry["expected"]), lang)  # math breaks lines at + and -


def precision_note(entry: dict, lang: str) -> Tex:
    """What precision the sheet asks for: for a number, what its tolerance accepts
    (:func:`~symderiv.documents.answers.precision_text`); 'as an expression' otherwise."""
    from symderiv.documents.answers import Tolerance, precision_text
    from symderiv.documents.messages import msg
    if entry["kind"] != "number":
        return latex_escape(msg("answer_expression", lang))
    return latex_escape(precision_text(Tolerance.of(entry["tolerance"]), lang))


def _task_questions(variant, entries: list[dict], t_index: int, last: bool, lang: str) -> list[dict]:
    """The questions of task ``t_index``, labelled (i), (ii), ... or (a), (b), ... (the ids
    stay in the key)."""
    from symderiv.documents.answers import question_phrase
    from symderiv.documents.exercise import question_label
    pairs = [(a, e) for a, e in zip(variant.answers, entries)
             if a.task == t_index or (a.task == 0 and last)]
    task = variant.solution.tasks[t_index - 1] if variant.solution.declared else None
    after = task.label if task is not None else ""
    return [{"label": Tex(question_label(i, after)), "text": Tex(question_phrase(text_latex(a.question, lang))),
             "precision": precision_note(e, lang),
             "lhs": math_latex(a.lhs, lang) if a.lhs is not None else Tex(""),
             "expected": _expected_latex(e, lang)} for i, (a, e) in enumerate(pairs, 1)]


def problem_data(variant, entries: list[dict], lang: str, index: int) -> dict:
    """Template data of one problem of a sheet (exercise and solution parts). A declared
    problem shows each task's label and statement; no internal names, parameters or
    source files on either document."""
    from symderiv.documents.exercise import document_data, task_heading, task_label
    from symderiv.documents.messages import sheet_words
    sol = variant.solution
    full = document_data(sol, lang, None, None, variant.params, variant.build_seed)
    words = sheet_words(lang)
    tasks = []
    for t_index, task in enumerate(sol.tasks, 1):
        qs = _task_questions(variant, entries, t_index, t_index == len(sol.tasks), lang)
        if sol.declared:  # statement and given as the worked solution renders them (read-only data)
            worked = full["tasks"][t_index - 1]
            tasks.append({"declared": True, "heading": task_heading(task, sol.tasks, lang),
                          "statement": worked["statement"], "given": worked["given"], "questions": qs})
        else:
            tasks.append({"declared": False, "title": text_latex(task.title, lang), "questions": qs})
        for q in qs:
            q["where"] = task_label(task, sol.tasks, lang) if sol.declared else Tex(f"{t_index}")
    return {
        "heading": Tex(f"{latex_escape(words['problem'])} {index}: {text_latex(sol.title, lang)}"),
        "where": Tex(f"{latex_escape(words['problem'])} {index},"),
        "name": Tex("") if sol.declared else latex_escape(sol.name),
        "given": given_data(exercise_given(sol.given), lang),
        "tasks": tasks,
        # the solution document: everything, as in base.tex
        "params": full["params"],
        "solution_tasks": full["tasks"],
        "summary": full["summary"],
        "appendix": full.get("appendix", []),
    }


def sheet_data(variants: list, entries: list[list[dict]], lang: str, label: str, name: str = "") -> dict:
    """Template data of a sheet: ``label`` is the variant or student id, ``name`` the
    student's name from the roster (escaped here: it is user text)."""
    from symderiv.documents.messages import catalog
    from symderiv.documents.messages import sheet_words
    words = sheet_words(lang)
    who = latex_escape(name) if name else Tex("")
    ident = latex_escape(f"{words['student'] if name else words['variant']} {label}")
    who = Tex(f"{who}\\\\ {ident}" if name else ident)
    return {
        **language_data(lang),
        "msg": {k: latex_escape(v) for k, v in catalog(lang).items()},
        "who": who,
        "footer": latex_escape(words["footer"]),
        "answers_heading": latex_escape(words["answers"]),
        "problems": [problem_data(v, e, lang, i) for i, (v, e) in enumerate(zip(variants, entries), 1)],
    }


def render_sheet(variants: list, entries: list[list[dict]], lang: str, label: str,
                 name: str = "") -> tuple[str, str]:
    """(exercise .tex, solution .tex) of one sheet."""
    data = sheet_data(variants, entries, lang, label, name)
    from symderiv.documents.messages import sheet_words
    words = sheet_words(lang)
    exercise = render_template("exercise.tex", dict(data, title=latex_escape(words["sheet"])))
    solution = render_template("course_solution.tex",
                               dict(data, title=latex_escape(f"{words['sheet']}: {words['solutions']}")))
    return exercise, solution
