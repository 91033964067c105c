"""Progress of long builds (issue 20, item 5): each line as its job finishes, counted and
timed; on a terminal under a tqdm bar, in a pipe as plain lines."""
from __future__ import annotations

import io
import re

from symderiv.cli.documents import progress_printer


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_in_a_pipe(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    line, close = progress_printer(3)
    line("[1/2] a (en): ok (1 check passed)")
    line("[2/2] b (en): ok (2 checks passed)")
    close()
    out = err.getvalue().splitlines()
    assert len(out) == 2 and all(re.fullmatch(r"\[\d/2\] \w \(en\): ok \(\d checks? passed\) \[\d+\.\d s\]", ln)
                                 for ln in out)


def test_a_bar_on_a_terminal(monkeypatch):
    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    line, close = progress_printer(2)
    line("[1/1] a (de): ok (1 check passed)")
    line("index (de): ok")
    close()
    text = err.getvalue()
    assert "[1/1] a (de): ok (1 check passed) [" in text and "index (de): ok [" in text
    assert re.search(r"\| [012]/2 \[", text)   # tqdm's bar, counting up to the total
    # JSON mode on a terminal: lines only, stdout stays the JSON document
    err2 = Terminal()
    monkeypatch.setattr("sys.stderr", err2)
    line, close = progress_printer(2, json_mode=True)
    line("x")
    close()
    assert re.fullmatch(r"x \[\d+\.\d s\]\n", err2.getvalue())
