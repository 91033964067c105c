"""Exercise variants: a variant is a pure function of (problem, variant seed).

:func:`sample_variant` draws every parameter that has a domain from a NumPy generator
seeded with a hash of (problem name, variant seed, attempt) - the same seed gives the
same exercise on every machine, in every language, in every shard. Parameters without a
domain keep their default. The problem's ``constraint(params)`` rejects a bad draw (then
the same generator draws again).

:func:`build_variant` turns a seed into a checked variant: it builds the Solution and
accepts it only if every numerical check passed, it has at least one question, every
numeric answer is finite and not all of them are 0; otherwise it resamples (attempt 1, 2,
...) and logs why. ``exclude`` lists parameter sets used by the sheets of a course (``own``:
this sheet's planned one, allowed), so the variants of a course are pairwise different.

:func:`key_entries` turns a variant into answer-key rows (``student``, ``variant``,
``problem``, ``question``, ``params``, ``expected``, ``kind``, ``tolerance``).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from symderiv.documents.answers import Answer, answers_of, plain_text
from symderiv.documents.model import Solution
from symderiv.problems import Problem, ProblemError
from symderiv.problems.domains import param_text, sample

#: draws per attempt before the constraint is declared unsatisfiable
MAX_DRAWS = 200
#: attempts (full builds) before a variant is given up
MAX_ATTEMPTS = 8


class VariantError(ProblemError):
    """No valid variant could be made (the domains or the constraint are too tight)."""


def derive_seed(*parts) -> int:
    """A 63-bit integer from the parts (stable across processes and machines)."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 1


def variant_seed(base_seed: int, index: int) -> int:
    """The seed of variant ``index`` (1-based) of a sheet built with ``--seed base_seed``."""
    return derive_seed("variant", base_seed, index)


def student_seed(base_seed: int, student_id: str) -> int:
    """The seed of a student (from the roster id): the same id gets the same sheet."""
    return derive_seed("student", base_seed, student_id.strip())


def sample_variant(problem: Problem, seed: int, attempt: int = 0) -> dict:
    """The parameters of variant ``seed`` of ``problem`` (a pure function of its inputs)."""
    import numpy as np
    rng = np.random.default_rng(derive_seed(problem.name, seed, attempt))
    reason: Optional[str] = "no draw"
    for _ in range(MAX_DRAWS):
        params = {p.name: sample(getattr(p, "domain", None), p.default, rng) for p in problem.params}
        reason = problem.constraint(params) if problem.constraint else None
        if not reason:
            return params
    raise VariantError(f"problem '{problem.name}': no parameters satisfy its constraint after "
                       f"{MAX_DRAWS} draws (last reason: {reason})")


def params_key(params: dict) -> tuple:
    """A hashable, printable identity of a parameter set."""
    return tuple((k, param_text(v)) for k, v in sorted(params.items()))


@dataclass
class Variant:
    problem: str
    seed: int
    params: dict
    build_seed: int
    solution: Solution
    answers: list
    attempts: int = 1
    log: list = field(default_factory=list)


def answer_problem(solution: Solution, answers: list[Answer]) -> Optional[str]:
    """Why the variant is no good exercise (None: it is)."""
    from symderiv.documents.answers import as_number
    checks = solution.checks()
    bad = [c for c in checks if not getattr(c.record, "passed", False)]
    if bad:
        return f"{len(bad)} of {len(checks)} checks failed"
    if not answers:
        return "no questions to ask"
    numbers = [v for v in (as_number(a.value) for a in answers) if v is not None]
    if any(not math.isfinite(v) for v in numbers):
        return "an answer is not finite"
    if numbers and len(numbers) == len(answers) and all(v == 0 for v in numbers):
        return "every answer is 0"
    return None


def first_new_attempt(problem: Problem, seed: int, taken: set) -> tuple[int, tuple]:
    """(attempt, params key) of the first draw of ``seed`` whose numbers are not ``taken``."""
    for attempt in range(MAX_ATTEMPTS):
        key = params_key(sample_variant(problem, seed, attempt))
        if key not in taken:
            return attempt, key
    raise VariantError(f"problem '{problem.name}': fewer distinct variants than requested "
                       f"(its parameter domains are too small)")


def build_variant(problem: Problem, seed: int, exclude: Iterable[tuple] = (),
                  log: Optional[Callable[[str], None]] = None, first_attempt: int = 0,
                  own: Optional[tuple] = None) -> Variant:
    """The first attempt whose parameters are new (not in ``exclude``), whose checks all
    pass and whose answers are a good exercise; every rejection goes to ``log``."""
    exclude = exclude if isinstance(exclude, (set, frozenset)) else set(exclude)
    messages: list[str] = []

    def note(text):
        messages.append(text)
        if log:
            log(text)

    for attempt in range(first_attempt, first_attempt + MAX_ATTEMPTS):
        params = sample_variant(problem, seed, attempt)
        key = params_key(params)
        if key in exclude and key != own:
            note(f"{problem.name} seed {seed} attempt {attempt}: same numbers as another variant, resampled")
            continue
        build_seed = derive_seed("build", problem.name, seed, attempt) % (2 ** 32)
        try:
            solution = problem.build(dict(params), build_seed)
        except ProblemError as exc:
            note(f"{problem.name} seed {seed} attempt {attempt}: {exc}; resampled")
            continue
        answers = answers_of(solution)
        reason = answer_problem(solution, answers)
        if not answers:  # structural: other numbers will not help
            raise VariantError(f"problem '{problem.name}' asks no questions: its Solution has no answers "
                               "and no Result with a number or a readable expression (see docs/own-problems.md)")
        if reason:
            note(f"{problem.name} seed {seed} attempt {attempt} ({', '.join(f'{k}={v}' for k, v in key)}): "
                 f"{reason}; resampled")
            continue
        return Variant(problem.name, seed, params, build_seed, solution, answers, attempt + 1, messages)
    raise VariantError(f"problem '{problem.name}', seed {seed}: no valid variant in {MAX_ATTEMPTS} attempts "
                       f"({messages[-1] if messages else 'no reason'})")


def expected_text(answer: Answer):
    """The expected value as stored in the key: a float, or the expression in parser syntax."""
    from symderiv.documents.answers import as_number
    from symderiv.language.printing import to_text
    num = as_number(answer.value)
    if num is not None:
        return float(f"{num:.12g}")
    return to_text(answer.value)


def question_id(problem: str, index: int) -> str:
    return f"{problem}.q{index}"


def key_entries(variant: Variant, student: str, lang: str) -> list[dict]:
    """Answer-key rows of one variant (``student``: roster id or ``v001``...)."""
    from symderiv.documents.answers import as_number
    out = []
    for i, a in enumerate(variant.answers, 1):
        num = as_number(a.value)
        entry = {
            "student": student,
            "problem": variant.problem,
            "question": question_id(variant.problem, i),
            "text": plain_text(a.question, lang),
            "task": a.task,
            "params": {k: param_text(v) for k, v in variant.params.items()},
            "seed": variant.seed,
            "expected": expected_text(a),
            "kind": "number" if num is not None else "expression",
            "tolerance": a.policy.as_dict(),
            "points": float(getattr(a, "points", None) or 1),
        }
        if num is None:
            entry["variables"] = sorted(s.name for s in a.value.free_symbols)
        out.append(entry)
    return out
