"""The errors of document making (each carries the CLI's exit code)."""
from __future__ import annotations

from typing import Optional


class ReportError(Exception):
    """A report could not be made (template, data or LaTeX error): exit code 1."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class OutputError(ReportError):
    """The output directory cannot be used (a usage error: exit 2)."""


class LatexError(ReportError):
    """LaTeX failed; ``file``, ``line`` and ``text`` as extracted from the log."""

    def __init__(self, message: str, file: str = "", line: Optional[int] = None, text: str = ""):
        super().__init__(message)
        self.file, self.line, self.text = file, line, text


class TemplateError(ReportError):
    """A Jinja2 template failed (syntax, undefined name, unescaped value, bad data)."""


