"""The declared problem format (symderiv.problems.spec): folders, labels from the source
sheets, statements and questions on the exercise sheet, every answer in the model solution,
checks in the appendix only, every sentence from a catalog (pseudo-locale)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import sympy as sp

from symderiv import problems
from symderiv.documents import i18n, locales
from symderiv.problems.spec import SPECS, Part, ProblemSpec, Question, TaskSpec, assemble

from helpers import pdf_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
problems.load_all()
DECLARED = sorted(SPECS)


def _folder(name: str) -> Path:
    return SPECS[name].messages.parent


def test_rosenbrock_is_declared():
    assert "rosenbrock" in DECLARED


@pytest.mark.parametrize("name", DECLARED)
def test_one_folder_per_problem_with_catalogs(name):
    folder = _folder(name)
    assert (folder / "problem.py").is_file() and (folder / "maths.py").is_file()
    for code, loc in locales.LOCALES.items():
        if loc.pseudo_of is None:
            assert (folder / "messages" / f"{code}.po").is_file(), code


@pytest.mark.parametrize("name", DECLARED)
def test_no_function_over_80_lines(name):
    for path in _folder(name).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= 80, f"{path.name}:{node.name} has {length} lines"


def _seed_text(sheet: str) -> str:
    files = sorted(SEEDS.glob(f"{sheet}_*.txt"))
    assert len(files) == 1, sheet
    return files[0].read_text(encoding="utf-8")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed sheets (../shared/seeds) are not beside the checkout")
@pytest.mark.parametrize("name", DECLARED)
def test_task_labels_are_the_source_sheets_labels_in_order(name):
    spec = SPECS[name]
    text = _seed_text(spec.sheet)
    pos = text.index(spec.exercise) if spec.exercise else 0  # the labels follow the exercise's heading
    for label in spec.anchors():
        m = re.compile(r"(?:^|\n|- )\**" + re.escape(label)).search(text, pos)
        assert m, f"{name}: label {label!r} not found in sheet {spec.sheet} after position {pos}"
        pos = m.end()
    sol = problems.get(name).build(problems.get(name).coerce({}), 0)
    assert [t.label for t in sol.tasks if not t.extension] == spec.labels()


def _symbols(value) -> set[str]:
    out: set[str] = set()
    if isinstance(value, sp.Basic):
        out |= {s.name for s in value.atoms(sp.Symbol)}
        out |= {type(f).__name__ for f in value.atoms(sp.core.function.AppliedUndef)}
    elif isinstance(value, (tuple, list)):
        for v in value:
            out |= _symbols(v)
    elif isinstance(value, i18n.Msg):
        for v in value.args.values():
            out |= _symbols(v)
    elif hasattr(value, "lhs") and hasattr(value, "rhs"):  # an Equation block
        out |= _symbols(value.lhs) | _symbols(list(value.rhs))
    return out


@pytest.mark.parametrize("name", DECLARED)
def test_every_symbol_of_a_question_is_defined_on_the_sheet(name):
    """Each symbol a question uses (in its text and in the quantity asked for) occurs in
    what the sheet shows before it: the given data or the statement of its task."""
    prob = problems.get(name)
    sol = prob.build(prob.coerce({}), 0)
    shown = set()
    for b in sol.given:
        shown |= _symbols(b)
    for a in sol.answers:
        task = sol.tasks[a.task - 1]
        defined = set(shown)
        for b in list(task.statement) + list(task.given):
            defined |= _symbols(b)
        used = _symbols(a.question) | (_symbols(a.lhs) if isinstance(a.lhs, sp.Basic) else set())
        missing = used - defined
        assert not missing, f"{name} question {a.key}: {sorted(missing)} not defined on the sheet"


def test_an_answer_missing_from_the_result_boxes_is_refused():
    def task(m):
        return Part([i18n.Msg("passed")], [], [], [Question("q", i18n.Msg("passed"), 42.0)])
    spec = ProblemSpec("demo", "demo", "000", "passed", "passed", [], lambda p, s: None, lambda m: [],
                       [TaskSpec("b)", "passed", task)], Path("."))
    with pytest.raises(TypeError, match="'q' is in no result box"):
        assemble(spec, {}, 0)


# --------------------------------------------------------------------------------------
# documents, compiled
# --------------------------------------------------------------------------------------

def _sheet(tmp_path, name: str, lang: str) -> tuple[str, str, list]:
    from symderiv.course.build import build_course
    out = tmp_path / f"{name}-{lang}"
    build_course([name], str(out), seed=7, variants=1, lang=lang, pdf=True, jobs=1)
    import json
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    key = key["entries"] if isinstance(key, dict) else key
    return pdf_text(out / "v01-exercise.pdf"), pdf_text(out / "v01-solution.pdf"), key


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _printed(x: float, lang: str) -> str:
    """A number as the documents print it (6 significant digits, siunitx's minus and
    decimal comma)."""
    s = f"{x:.6g}"
    if "e" in s:
        return ""
    s = s.replace("-", "−")
    return s.replace(".", ",") if lang == "de" else s


@pytest.mark.latex
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", DECLARED)
def test_sheet_and_solution_as_documents(tmp_path, name, lang):
    exercise, solution, key = _sheet(tmp_path, name, lang)
    ex, so = _flat(exercise), _flat(solution)
    spec = SPECS[name]
    # the sheet: every task's label and its statement (a sentence or more), the precision
    from symderiv.documents.messages import task_label_text
    for label in spec.labels():
        assert task_label_text(label, lang) in ex
    for t in problems.get(name).build(problems.get(name).coerce({}), 0).tasks:
        words = re.findall(r"\w{4,}", i18n.Msg(t.statement[0].key).get(lang).split("{")[0])[:4]
        assert all(w in ex for w in words), (t.label, words)
    assert ("gültige Ziffern" if lang == "de" else "significant digits") in ex
    # nothing of ours: no problem id, question id, source path, or code identifier
    from symderiv.documents.proofread import code_identifiers, wording
    for bad in (name, f"{name}.q", "shared/seeds", "seeds/", ".q1"):
        assert bad not in ex and bad not in so, bad
    listed = _listing_identifiers(name)  # names defined in a code listing the sheet asks for are code
    so_prose = re.sub("|".join(map(re.escape, sorted(listed, key=len, reverse=True))), "", so) if listed else so
    assert code_identifiers(ex) == [] and code_identifiers(so_prose) == []
    assert wording(ex, lang) == [] and wording(so, lang) == []
    # the solution: every number of the key printed; the checks only in the appendix
    for e in key:
        if e["kind"] == "number":
            printed = _printed(float(e["expected"]), lang)
            assert printed in so, (e["question"], printed)
    head = "Prüfprotokoll" if lang == "de" else "Verification"
    column = "Toleranz Status" if lang == "de" else "Tolerance Status"
    assert head in so and column in so
    assert so.index(column) > so.index(head)


OPERATOR_NAMES = {"sin", "cos", "tan", "exp", "log", "tanh", "sigmoid", "relu", "softmax", "max", "min",
                  "diag", "sgn", "sign", "ReLU"}


def unmarked_words(text: str) -> list[str]:
    """Words of a pseudo-locale document that did not pass through the catalog: the
    pseudo-locale accents every vowel, so a word of three letters or more with a plain
    vowel came from somewhere else (operator names of formulas and the roman numerals of
    question labels excepted)."""
    words = re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)
    return sorted({w for w in words if re.search("[aeiouAEIOU]", w) and w not in OPERATOR_NAMES
                   and not re.fullmatch("[ivxl]+", w)})


#: pdftotext's linearisation of formulas glues sub- and superscripts into "words": J_{L_ce}
#: -> JLce, softmax's fraction e^{o_i} / sum_{k=1}^n e^{o_k} -> "Pne ... eok", tanh's
#: (e^t - e^-t)/(e^t + e^-t) -> "eet", the tensor index (W)_{ikl} -> "ikl"
FORMULA_FRAGMENTS = {"JLce", "Lce", "Jsoftmax", "Jtanh", "Pne", "eok", "eet", "ikl"}


def _listing_identifiers(name: str) -> set[str]:
    """The snake_case names of the code listings a solution shows (code, not our internals)."""
    from symderiv.documents.content import Code
    sol = problems.get(name).build(problems.get(name).coerce({}), 0)
    return {w for task in sol.tasks for b in task.blocks if isinstance(b, Code)
            for w in re.findall(r"[A-Za-z]\w*_\w+", b.source)}


def _code_words(name: str) -> set[str]:
    """The words of the code listings a solution shows (NumPy code a student would write,
    where the sheet asks for code): code, not prose, in every language."""
    from symderiv.documents.content import Code
    sol = problems.get(name).build(problems.get(name).coerce({}), 0)
    return {w for task in sol.tasks for b in task.blocks if isinstance(b, Code)
            for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", b.source)}


def test_unmarked_words_finds_plain_prose():
    assert unmarked_words("‹Thé grádíént› of f at x") == []
    assert unmarked_words("‹Thé grádíént› is tanh(x) here") == ["here"]


@pytest.mark.latex
@pytest.mark.parametrize("name", DECLARED)
def test_pseudo_locale_shows_no_unmarked_prose(tmp_path, name):
    import subprocess
    import sys
    exercise, solution, _ = _sheet(tmp_path, name, "qps")
    subprocess.run([sys.executable, "-m", "symderiv", "solve", name, "--lang", "qps", "--pdf",
                    "--out", str(tmp_path / "report")], check=True, cwd=ROOT, capture_output=True)
    report = pdf_text(next((tmp_path / "report").glob("*.pdf")))
    labels = {w for t in SPECS[name].labels() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", t)}  # the source's own
    labels |= FORMULA_FRAGMENTS | _code_words(name)
    for doc, text in (("exercise", exercise), ("solution", solution), ("report", report)):
        assert [w for w in unmarked_words(text) if w not in labels] == [], doc
