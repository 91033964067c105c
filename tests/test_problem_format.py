"""The declared problem format (symderiv.problems.spec): folders, labels from the source
sheets, statements and questions on the exercise sheet, every answer in the model solution,
checks in the appendix only, every sentence from a catalog (pseudo-locale)."""
from __future__ import annotations

import ast
import functools
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


@functools.lru_cache(maxsize=None)
def _default(name: str):
    """The Solution of the problem's default variant (what ``solve NAME`` prints), built
    once for every test of this module."""
    return problems.get(name).build(problems.get(name).coerce({}), 0)


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
        m = re.compile(r"(?:^|\n|- )(?:#+ )?\**" + re.escape(label)).search(text, pos)
        assert m, f"{name}: label {label!r} not found in sheet {spec.sheet} after position {pos}"
        pos = m.end()
    sol = _default(name)
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
    elif hasattr(value, "equations"):  # a Step block: its sentence and its equations
        out |= _symbols(value.text) | _symbols(list(value.equations))
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

@pytest.fixture(scope="module")
def course(course_sheet):
    """``course(lang)[name]``: (exercise text, solution text, key entries) of problem ``name`` in
    one course sheet of every declared problem (the session's shared build,
    conftest.course_sheet), its text cut at the problems' titles."""
    built: dict = {}

    def get(lang: str) -> dict:
        if lang not in built:
            built[lang] = _course(course_sheet(lang), lang)
        return built[lang]
    return get


def _course(out: Path, lang: str) -> dict:
    import json
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    key = key["entries"] if isinstance(key, dict) else key
    ex = _by_problem(_flat(pdf_text(out / "v01-exercise.pdf")), lang)
    so = _by_problem(_flat(pdf_text(out / "v01-solution.pdf")), lang)
    return {n: (ex[n], so[n], [e for e in key if e["problem"] == n]) for n in DECLARED}


def _by_problem(text: str, lang: str) -> dict:
    """The text of each problem: from its title to the next problem's title."""
    starts, pos = [], 0
    for name in DECLARED:
        pos = text.index(_flat(i18n.Msg(SPECS[name].title).get(lang)), pos)
        starts.append(pos)
    ends = starts[1:] + [len(text)]
    return {n: text[a:b] for n, a, b in zip(DECLARED, starts, ends)}


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
def test_sheet_and_solution_as_documents(course, name, lang):
    ex, so, key = course(lang)[name]
    spec = SPECS[name]
    # the sheet: every task's label and its statement (a sentence or more), the precision
    from symderiv.documents.messages import task_label_text
    for label in spec.labels():
        assert task_label_text(label, lang) in ex
    for t in _default(name).tasks:
        words = re.findall(r"\w{4,}", i18n.Msg(t.statement[0].key).get(lang).split("{")[0])[:4]
        assert all(w in ex for w in words), (t.label, words)
    precision = ("gültige Ziffern", "exakter Wert") if lang == "de" else ("significant digits", "exact value")
    assert any(p in ex for p in precision)   # a count is asked for exactly
    # nothing of ours: no problem id, question id, source path, or code identifier
    from symderiv.documents.proofread import code_identifiers, wording
    for bad in (name, f"{name}.q", "shared/seeds", "seeds/", ".q1"):
        assert bad not in ex and bad not in so, bad
    for ident in sorted(_code_identifiers_of_listings(name), key=len, reverse=True):
        so = so.replace(ident, "")   # a listing's own names are code (the sheet asks for it)
    assert code_identifiers(ex) == [] and code_identifiers(so) == []
    assert wording(ex, lang) == [] and wording(so, lang) == []
    # the solution: every number of the key printed (siunitx groups 5+ digits: "11 035");
    # the checks only in the appendix
    ungrouped = re.sub(r"(?<=\d)[ \u2009\u202f](?=\d{3}(?!\d))", "", so)
    for e in key:
        if e["kind"] == "number":
            printed = _printed(float(e["expected"]), lang)
            assert printed in ungrouped, (e["question"], printed)
    head = "Prüfprotokoll" if lang == "de" else "Verification"
    column = "Toleranz Status" if lang == "de" else "Tolerance Status"
    assert head in so and column in so
    assert so.index(column) > so.index(head)


OPERATOR_NAMES = {"sin", "cos", "tan", "exp", "log", "tanh", "sigmoid", "relu", "softmax", "max", "min",
                  "diag", "sgn", "sign", "ReLU",
                  # the activation table's printed names and the functions of their formulas
                  "hardtanh", "LReLU", "PReLU", "softplus", "ELU", "GELU", "erf", "sinh", "cosh", "sup", "inf"}


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
#: (e^t - e^-t)/(e^t + e^-t) -> "eet", the tensor index (W)_{ikl} -> "ikl", e^{x_i}, e^{x_j}
#: -> "exi", "exj", max_i and sup_x -> "maxi", "supx"
FORMULA_FRAGMENTS = {"JLce", "Lce", "Jsoftmax", "Jtanh", "Pne", "eok", "eet", "ikl", "exi", "exj", "maxi", "supx"}


def _code_words(name: str) -> set[str]:
    """The words of the code listings a solution shows (NumPy code a student would write,
    where the sheet asks for code): code, not prose, in every language."""
    from symderiv.documents.content import Code
    sol = _default(name)
    return {w for task in sol.tasks for b in task.blocks if isinstance(b, Code)
            for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", b.source)}


def _ident_words(name: str) -> set[str]:
    """The words of the code names (:class:`Ident`, a file such as optim.py) that the
    solution's sentences name: code, not prose, in every language."""
    import dataclasses
    from symderiv.documents.content import Ident, Text
    found: set = set()

    def walk(v):
        if isinstance(v, Ident):
            found.update(re.findall(r"[A-Za-zÀ-ÿ]{3,}", v))
        elif isinstance(v, Text):
            for a in v.args.values():
                walk(a)
        elif isinstance(v, (list, tuple)):
            for a in v:
                walk(a)
        elif dataclasses.is_dataclass(v) and not isinstance(v, type):
            for f in dataclasses.fields(v):
                walk(getattr(v, f.name))
    walk(_default(name).tasks)
    return found


def _code_identifiers_of_listings(name: str) -> set[str]:
    """The identifiers with an underscore in the solution's code listings (a course
    interface's keys such as learning_rate): code the sheet asks for, not our names."""
    from symderiv.documents.content import Code
    sol = _default(name)
    return {w for task in sol.tasks for b in task.blocks if isinstance(b, Code)
            for w in re.findall(r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+", b.source)}


def test_unmarked_words_finds_plain_prose():
    assert unmarked_words("‹Thé grádíént› of f at x") == []
    assert unmarked_words("‹Thé grádíént› is tanh(x) here") == ["here"]


def _prose(markdown: str) -> str:
    """A Markdown document without its maths ($...$, $$...$$: LaTeX source) and code blocks."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    return re.sub(r"\$[^$]*\$", " ", re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S))


def _exempt(name: str) -> set[str]:
    labels = {w for t in SPECS[name].labels() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", t)}  # the source's own
    return labels | FORMULA_FRAGMENTS | _code_words(name) | _ident_words(name)


@pytest.mark.latex
@pytest.mark.parametrize("name", DECLARED)
def test_pseudo_locale_shows_no_unmarked_prose(course, name):
    """The course's sheet and solution (compiled) and the problem's report (printed as
    Markdown, what ``solve NAME --to md`` writes: the same messages as its LaTeX report,
    whose fixed words the next test reads from a compiled report) in the pseudo-locale:
    every word marked."""
    exercise, solution, _ = course("qps")[name]
    report = _prose(_default(name).to_markdown("qps"))
    for doc, text in (("exercise", exercise), ("solution", solution), ("report", report)):
        assert [w for w in unmarked_words(text) if w not in _exempt(name)] == [], doc


@pytest.mark.latex
def test_pseudo_locale_report_compiled(tmp_path):
    """The compiled report's own words (title page, headings, captions) in the pseudo-locale."""
    import subprocess
    import sys
    name = "rosenbrock"
    subprocess.run([sys.executable, "-m", "symderiv", "solve", name, "--lang", "qps", "--pdf",
                    "--out", str(tmp_path)], check=True, cwd=ROOT, capture_output=True)
    report = pdf_text(next(tmp_path.glob("*.pdf")))
    assert [w for w in unmarked_words(report) if w not in _exempt(name)] == []


@pytest.mark.parametrize("name", DECLARED)
def test_every_check_names_its_method_in_words(name):
    """The method column of the appendix is a catalog word in each language, or a relation
    sign (issue 17:
    forward-backward showed "W'", "2x2" and "±0.005" there; German "comparison", "counting")."""
    from symderiv.documents.i18n import catalog
    sol = _default(name)
    methods = {c.record.method.strip().lower() for t in sol.tasks for c in t.checks
               if re.search("[A-Za-z0-9]", c.record.method)}    # a relation ("<", "=") is no word
    for lang in ("de", "en"):
        missing = sorted(m for m in methods if "method." + m not in catalog(lang))
        assert missing == [], (lang, missing)
