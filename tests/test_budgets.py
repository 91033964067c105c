"""Budgets that always hold, points outside the domain, input read with hard limits.

Every hostile input runs as its own process (``python -m symderiv``) with ``--timeout 5``
and a generous subprocess timeout: it must end by itself with one line on stderr and
exit 2 (exit 1 for a point outside the function's domain), with nothing on stdout.
No timed asserts: a process that ends at all has held its budget (the unbounded versions
ran for minutes and grew past gigabytes).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import symderiv.cli.main as cli
from symderiv.calculus.budget import expanded_terms, expands_small
from symderiv.language.limits import BudgetError, read_limited, time_limit

ROOT = Path(__file__).resolve().parent.parent
CHAIN = "; ".join(f"h{i} = sigmoid(w{i}*h{i - 1})" for i in range(1, 101)).replace("h0", "x")


def _run(args, stdin=None, shell=None, timeout=60):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if shell is not None:
        return subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    return subprocess.run([sys.executable, "-m", "symderiv", *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def _one_line(r, code, *words):
    assert r.returncode == code, (r.returncode, r.stdout[:300], r.stderr[:300])
    assert r.stdout == "", r.stdout[:300]                      # nothing half-written
    assert r.stderr.count("\n") == 1, r.stderr[:500]
    if "--format" in r.args:  # one JSON object: {"error": ..., "kind": ..., "column": ...}
        err = json.loads(r.stderr)
        assert err["kind"] == ("domain" if code == 1 else err["kind"]) and err["error"], err
    else:
        assert r.stderr.startswith("error: "), r.stderr[:500]
    assert "Traceback" not in r.stderr and "set_int_max_str_digits" not in r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


#: (arguments, exit code, words the one error line must hold)
HOSTILE = [
    (["grad", "(x^1000)^1000", "--at", "x=2"], 2, ["exponent too large"]),
    (["grad", "x^1000*x^1000"], 2, ["exponent too large"]),
    (["grad", "10^1000*10^1000*10^1000"], 2, ["number too large", "2000 digits"]),
    (["grad", "10^1000*10^1000*10^1000*10^1000*10^1000"], 2, ["number too large"]),
    (["grad", "h1 = x^1000; h2 = h1^1000", "--at", "x=2"], 2, ["exponent too large", "written out"]),
    (["grad", "h1 = 10^1000; h2 = h1*h1*h1*x"], 2, ["'h2': number too large"]),
    (["grad", "h1 = 10^1000*x; h2 = h1^1000; h3 = h2^1000"], 2, ["'h2': number too large"]),
    (["hessian", "h1 = 10^1000*x; h2 = h1*h1*h1*h1*h1"], 2, ["number too large"]),
    (["grad", "-f", "/dev/zero"], 2, ["too large", "/dev/zero"]),
    (["grad", "x", "--at", "@/dev/zero"], 2, ["too large", "/dev/zero"]),
    (["hessian", CHAIN, "--max-nodes", "1000000000"], 2, ["nested 200 levels deep", "--at"]),
    (["grad", "log(x)", "--at", "x=-1"], 1, ["not defined at x=-1", "log(x)"]),
    (["grad", "log(x)", "--at", "x=-1", "--format", "json"], 1, []),
    (["grad", "1/x", "--at", "x=0"], 1, ["not defined at x=0", "infinite", "division by zero"]),
    (["grad", "1/x", "--at", "x=0", "--format", "json"], 1, []),
    (["hessian", "log(x)*y", "--at", "x=-1,y=2"], 1, ["not defined"]),
    (["jacobian", "x*y", "log(x)", "--at", "x=-1,y=2"], 1, ["f2 is not defined"]),
    (["dag", "sqrt(x - 2)", "--at", "x=1"], 1, ["not defined", "sqrt"]),
    (["check", "log(x)", "--at", "x=-1"], 1, ["not defined"]),
    (["grad", "sqrt(x)", "--at", "x=0"], 1, ["df/dx is not defined at x=0"]),
    (["grad", "exp(x)", "--at", "x=1000"], 1, ["infinite", "overflow"]),
    (["grad", "x^2", "--at", "x=1,x=2"], 2, ["'x' is given twice"]),
    (["grad", "x^2", "--at", "x=1e"], 2, ["must be a number", "'1e'"]),
    (["grad", "x^2", "--at", "x=0x10"], 2, ["must be a number"]),
    (["grad", "x^2", "--at", "x=1e-400"], 2, ["underflow"]),
    (["grad", "x^2", "--at", "x=1e400"], 2, ["too large"]),
    (["grad", "x^2", "--at", "x=log(2)"], 2, ["must be a number"]),
    (["grad", "２x + 1"], 2, ["non-ASCII digit", "U+FF12"]),
    (["grad", "\u0662x + 1"], 2, ["non-ASCII digit"]),
]
for _cmd in ("grad", "hessian", "jacobian", "check"):
    HOSTILE.append(([_cmd, "(x+y+z)^1000", "--timeout", "0.05"], 2, ["time limit of 0.05 s", "--timeout"]))


@pytest.mark.parametrize("args,code,words", HOSTILE, ids=[" ".join(a)[:60] for a, _, _ in HOSTILE])
def test_hostile_input_ends_with_one_line(args, code, words):
    _one_line(_run(args), code, *words)


def test_endless_standard_input_is_cut_at_the_limit():
    r = _run(None, shell=f"yes x+ | {sys.executable} -m symderiv grad -")
    _one_line(r, 2, "too large", "standard input")


@pytest.mark.parametrize("args", [
    ["grad", "(x+y+z)^1000", "--timeout", "5"],
    ["grad", "(x+y+z)^300", "--timeout", "5"],
    ["grad", "(a+b+c+d)^60", "--timeout", "5"],
    ["hessian", "(x+y+z)^1000", "--timeout", "5"],
    ["jacobian", "(x+y+z)^1000", "(a+b+c+d)^60", "--timeout", "5"],
    ["verify-answer", "(x+y+z)^1000", "--wrt", "x", "--answer", "1000*(x+y+z)^999", "--timeout", "5"],
])
def test_powers_of_sums_stay_unexpanded(args):
    """A power of a sum is never expanded (the multinomial count of its terms is too large):
    the command succeeds with the unexpanded form, or stops at its budget with one line."""
    r = _run(args)
    if r.returncode == 2:
        _one_line(r, 2, "time limit")
        return
    assert r.returncode == 0, r.stderr
    n, s = ("999", "(x + y + z)") if "(x+y+z)^1000" in args else (None, None)
    if args[0] == "grad" and n:
        assert f"1000*{s}**{n}" in r.stdout
    if args[0] == "verify-answer":
        assert r.stdout.startswith("correct: ")
    if args[0] == "hessian":
        assert r.stdout.count("999000*(x + y + z)**998") == 9


def test_check_of_a_power_of_a_sum_passes_unexpanded():
    """The complex step of (x+y+z)^1000 needs the power by repeated squaring: NumPy's complex
    power takes the polar form for exponents from 100 on and lost the imaginary part (the
    correct derivative FAILED with relative error 1)."""
    r = _run(["check", "(x+y+z)^1000", "--timeout", "5"])
    if r.returncode == 2:
        _one_line(r, 2, "time limit")
        return
    assert r.returncode == 0 and "df/dx = 1000*(x + y + z)**999" in r.stdout, r.stdout + r.stderr
    assert "PASSED" in r.stdout


def test_expanded_terms_is_the_multinomial_count():
    import sympy as sp
    x, y, z, a, b, c, d = sp.symbols("x y z a b c d")
    assert expanded_terms((x + y + z) ** 1000) == 501501          # C(1002, 2)
    assert expanded_terms((a + b + c + d) ** 60) == 39711          # C(63, 3)
    assert expanded_terms((x + y) ** 3) == len(sp.expand((x + y) ** 3).args) == 4
    assert expanded_terms((x + y) * (x - z)) == 4
    assert expands_small((x + y) ** 5) and not expands_small((x + y + z) ** 300)


def test_time_limit_holds_inside_code_that_swallows_exceptions():
    """The alarm interrupts a loop that catches ``Exception`` (as SymPy's code does)."""
    with pytest.raises(BudgetError, match="time limit of 0.1 s"):
        with time_limit(0.1, "the loop"):
            while True:
                try:
                    sum(range(1000))
                except Exception:  # noqa: BLE001 - what the budget must see through
                    pass


def test_read_limited_reads_at_most_limit_plus_one_bytes(tmp_path):
    f = tmp_path / "f.txt"
    f.write_bytes(b"\xef\xbb\xbfx^2 + y\n")
    assert read_limited(str(f)) == "x^2 + y\n"                   # the BOM is dropped
    with pytest.raises(BudgetError, match="more than 5 bytes"):
        read_limited(str(f), limit=5)
    f.write_bytes(b"x\xff")
    with pytest.raises(ValueError, match="not UTF-8"):
        read_limited(str(f))


def test_byte_order_mark_in_function_and_point_files(tmp_path, capsys):
    prog = tmp_path / "net.txt"
    prog.write_text("\ufeffh1 = sigmoid(w1*x)  # first layer\nf = h1^2\n", encoding="utf-8")
    at = tmp_path / "net.at"
    at.write_text("\ufeffw1 = 0.5\nx = 2  # input\n", encoding="utf-8")
    assert cli.main(["grad", "-f", str(prog), "--at", f"@{at}", "--wrt", "w1"]) == 0
    out = capsys.readouterr().out
    s = 1 / (1 + 2.718281828459045 ** -1.0)
    assert f"= {2 * s * s * (1 - s) * 2:.12g}" in out


def test_programs_within_the_limits_written_out(capsys):
    assert cli.main(["grad", "h1 = x^10; h2 = h1^100", "--at", "x=1"]) == 0      # x^1000: the limit
    assert capsys.readouterr().out.splitlines()[-1] == "dh2/dx = 1000*x**999    = 1000"
    assert cli.main(["grad", "h1 = 10^1000; h2 = h1/h1*x"]) == 0                 # 10^1000/10^1000
    assert capsys.readouterr().out.splitlines() == ["h2 = x", "dh2/dx = 1"]


def test_comment_after_an_expression(capsys):
    assert cli.main(["grad", "x^2  # a comment", "--at", "x=3"]) == 0
    assert capsys.readouterr().out.splitlines() == ["f = x**2", "df/dx = 2*x    = 6"]


def test_point_values_are_numbers(capsys):
    assert cli.main(["grad", "sin(t) + u", "--at", "t=pi/2,u=-2*e", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["point"] == {"t": 1.5707963267948966, "u": -2 * 2.718281828459045}
    assert abs(data["value"]["t"]) < 1e-16 and data["value"]["u"] == 1.0


def test_json_non_finite_values_are_null_with_a_message(capsys):
    from symderiv.cli.common import emit_json
    emit_json({"a": 1.5, "b": [float("inf"), 2.0], "c": {"d": float("nan")}})
    data = json.loads(capsys.readouterr().out)
    assert data["a"] == 1.5 and data["b"] == [None, 2.0] and data["c"] == {"d": None}
    assert "b[0]" in data["non_finite"] and "c.d" in data["non_finite"]


def test_timeout_must_be_positive():
    r = _run(["grad", "x", "--timeout", "0"])
    assert r.returncode == 2 and "positive number of seconds" in r.stderr and "Traceback" not in r.stderr


def test_every_command_has_a_documented_default_time_budget():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert set(sub.choices) == set(cli.TIME_BUDGETS)
    for name, p in sub.choices.items():
        action = next(a for a in p._actions if "--timeout" in a.option_strings)
        assert action.default == cli.TIME_BUDGETS[name] > 0
        assert f"default {cli.TIME_BUDGETS[name]}" in action.help


def test_dag_json_writes_non_finite_values_as_null_with_a_message(capsys):
    """sqrt(x) at 0 is defined, its local derivative is not: the graph is shown, its
    infinite edge value is null in JSON and named under non_finite; the schema holds."""
    import jsonschema
    from symderiv.cli.common import schema
    assert cli.main(["dag", "sqrt(x)", "--at", "x=0", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema("dag"))
    assert data["edges"][0]["value"] is None and data["nodes"][-1]["value"] == 0.0
    assert "edges x->v1 value" in data["non_finite"]


def test_the_default_budget_holds_without_timeout():
    """No --timeout given: the command's default budget applies (here set small)."""
    code = ("import sys, symderiv.cli.main as m; m.TIME_BUDGETS['grad'] = 0.05; "
            "sys.exit(m.main(['grad', '(x+y+z)^1000']))")
    r = _run(None, shell=f"{sys.executable} -c \"{code}\"")
    _one_line(r, 2, "grad stopped after the time limit of 0.05 s", "--timeout")


def test_a_program_past_the_memory_budget_ends_with_one_line():
    """A 20,000-layer chain needs far more than 30 MB: the allocation that passes the budget
    fails, the command says so in one line with the option that raises it, exit 2."""
    chain = "\n".join(f"h{i} = sigmoid(w{i}*h{i - 1})" for i in range(1, 20_001)).replace("h0", "x")
    r = _run(["grad", "-", "--max-memory", "30"], stdin=chain)
    _one_line(r, 2, "grad ran out of its memory budget of 30 MB", "--max-memory")


def test_every_command_has_a_documented_default_memory_budget():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert set(cli.MEMORY_BUDGETS) == set(sub.choices)
    for name, p in sub.choices.items():
        action = next(a for a in p._actions if "--max-memory" in a.option_strings)
        assert action.default == cli.MEMORY_BUDGETS[name] >= 1024
        assert f"default {cli.MEMORY_BUDGETS[name]}" in action.help
    r = _run(["grad", "x", "--max-memory", "0"])
    assert r.returncode == 2 and "positive number of megabytes" in r.stderr and "Traceback" not in r.stderr


def test_memory_limit_caps_the_block_and_restores_the_previous_limit():
    resource = pytest.importorskip("resource")
    from symderiv.language.limits import memory_limit
    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_limit(64):
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        assert soft != resource.RLIM_INFINITY
        with pytest.raises(MemoryError):
            bytearray(256 * 2**20)  # 256 MB past a 64 MB budget
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(256 * 2**20)) == 256 * 2**20  # and the memory is there again
