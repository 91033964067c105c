"""One JSON contract: every command's ``--format json`` output validates against the schema
published in the package, and the same key means the same thing everywhere."""
from __future__ import annotations

import json

import pytest

jsonschema = pytest.importorskip("jsonschema")

import symderiv.cli.main as cli  # noqa: E402
from symderiv.cli.common import schema  # noqa: E402

RUNS = {
    "grad": ["grad", "100*(x2 - x1^2)^2 + (1 - x1)^2", "--at", "x1=1.2,x2=1"],
    "jacobian": ["jacobian", "x*y", "x+sin(y)", "--at", "x=1,y=2"],
    "hessian": ["hessian", "x^2*y", "--at", "x=1,y=2"],
    "dag": ["dag", "x*y+sin(x)", "--at", "x=1,y=2"],
    "check": ["check", "tanh(w*x) + relu(x - 1)", "--points", "5"],
    "verify-answer": ["verify-answer", "sigmoid(x)", "--wrt", "x", "--answer", "sigmoid(x)^2"],
    "bound": ["bound", "sigmoid"],
    "net": ["net", "--layers", "4,3,2", "--activations", "tanh,softmax", "--loss", "ce",
            "--wrt", "x,W1", "--check"],
    "problems": ["problems"],
}


def _run(capsys, argv):
    rc = cli.main(argv + ["--format", "json"])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("command", sorted(RUNS))
def test_output_validates_against_published_schema(capsys, command):
    rc, out, err = _run(capsys, RUNS[command])
    assert rc in (0, 1), err
    data = json.loads(out)
    jsonschema.validate(data, schema(command))


def test_schema_rejects_the_old_shapes():
    # the contract would catch a regression to the old key meanings
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"expression": "x", "expression_latex": "x", "variables": ["x"],
                             "shape": "1x1", "hessian": [["2"]], "hessian_latex": "2"}, schema("hessian"))
    with pytest.raises(jsonschema.ValidationError):   # a verdict named 'correct'
        jsonschema.validate({"correct": True, "expression": "x", "variables": [], "expected": "1",
                             "counterexample": None, "results": []}, schema("verify-answer"))


def test_same_key_same_meaning(capsys):
    _, out, _ = _run(capsys, RUNS["check"])
    data = json.loads(out)
    assert isinstance(data["points"], int) and data["points"] == 5
    assert isinstance(data["kinks"], int) and isinstance(data["kink_points"], list)
    assert all(isinstance(d["kinks"], int) for d in data["details"])
    assert isinstance(data["passed"], bool)
    _, out, _ = _run(capsys, RUNS["verify-answer"])
    assert json.loads(out)["passed"] is False
    _, out, _ = _run(capsys, RUNS["hessian"])
    data = json.loads(out)
    assert data["shape"] == [2, 2] and data["value"] == [[4.0, 2.0], [2.0, 0.0]]
    _, out, _ = _run(capsys, RUNS["net"])
    data = json.loads(out)
    factors = data["chains"]["x"]["factors"]
    assert [f["shape"] for f in factors] == [[1, 2], [2, 2], [2, 3], [3, 3], [3, 4]]
    assert data["chains"]["x"]["result_shape"] == [1, 4]


@pytest.mark.parametrize("argv,kind,column", [
    (["grad", "x+"], "parse", 3),
    (["grad", "x*y", "--at", "x=1"], "usage", None),
    (["grad"], "usage", None),
    (["check", "x^2", "--points", "0"], "usage", None),
    (["bound", "no_such_activation"], "usage", None),
])
def test_errors_are_one_json_line_on_stderr(capsys, argv, kind, column):
    with pytest.raises(SystemExit) if argv == ["grad"] else _nothing():
        rc = cli.main(argv + ["--format=json"])
        assert rc == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1
    data = json.loads(lines[0])
    jsonschema.validate(data, schema("error"))
    assert data["kind"] == kind and data["column"] == column


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_writing_commands_summarise_in_json(capsys, tmp_path):
    """solve, report and train: a summary of what was written and the verdicts, valid
    against their schemas (progress goes to stderr, stdout is the one JSON document)."""
    rc, out, _ = _run(capsys, ["solve", "rosenbrock", "--lang", "de", "--out", str(tmp_path / "s")])
    data = json.loads(out)
    jsonschema.validate(data, schema("solve"))
    assert rc == 0 and data["written"] == [str(tmp_path / "s" / "rosenbrock.de.tex")]
    assert (data["checks"], data["checks_passed"], data["passed"]) == (8, 8, True)
    assert data["params"]["b"] == 100.0
    rc, out, err = _run(capsys, ["report", "rosenbrock", "--lang", "en", "--out", str(tmp_path / "r")])
    data = json.loads(out)
    jsonschema.validate(data, schema("report"))
    assert rc == 0 and data["reports"] == [{"problem": "rosenbrock", "lang": "en", "file": "rosenbrock.en.tex",
                                            "passed": True}]
    assert sorted(data["written"]) == [str(tmp_path / "r" / n) for n in ("rosenbrock.en.tex",)]
    assert "[1/1] rosenbrock (en): ok" in err
    rc, out, err = _run(capsys, ["train", "--epochs", "2", "--out", str(tmp_path / "curves.json")])
    data = json.loads(out)
    jsonschema.validate(data, schema("train"))
    assert rc == 0 and data["epochs"] == 2 and data["written"] == [str(tmp_path / "curves.json")]
    assert data["final_val_acc"] == json.loads((tmp_path / "curves.json").read_text())["val_acc"][-1]
    assert err.count("epoch ") == 2


def test_every_command_has_a_schema():
    import argparse
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        if name == "completion":   # prints a shell script
            continue
        if name in ("sheet", "grade") and not any("--format" in a.option_strings for a in p._actions):
            continue   # their --format json is built on the course commands' branch (issue 20 split)
        assert any("--format" in a.option_strings and "json" in (a.choices or []) for a in p._actions), name
        assert schema(name)["title"] == f"symderiv {name} --format json"
