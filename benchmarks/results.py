"""Write one benchmark's section of benchmarks/RESULTS.md, leaving the others alone
(temporary file, then rename)."""
from __future__ import annotations

import os
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def write_section(section: str, lines: list[str], path: Path = RESULTS) -> None:
    """Replace the section headed ``section`` (a ``## ...`` line) with ``lines``
    (which start with that heading), or append it."""
    body = "\n".join(lines).rstrip("\n") + "\n"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    if section in text:
        start = text.index(section)
        end = text.find("\n## ", start + len(section))
        text = text[:start] + body + ("\n" + text[end + 1:] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    tmp = path.with_name(f".RESULTS.{os.getpid()}.tmp")
    tmp.write_text(text)
    tmp.replace(path)
