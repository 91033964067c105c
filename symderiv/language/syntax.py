"""The parser's data: :class:`ParseError` (bad input, with its column) and :class:`Ast`
(an expression as written)."""
from __future__ import annotations

from typing import NamedTuple, Optional


class ParseError(ValueError):
    """Bad input: ``message`` and the 1-based ``column`` where it was found."""

    def __init__(self, message: str, column: Optional[int] = None):
        self.message = message
        self.column = column
        super().__init__(str(self))

    def __str__(self):
        if self.column is None:
            return self.message
        return f"{self.message} at column {self.column}"


class Ast(NamedTuple):
    """A node of the parsed expression, as the user wrote it (immutable; a named tuple,
    which is made several times faster than a frozen dataclass: a 10,000-line program has
    40,000 of them).

    ``op`` is one of ``num const var neg + - * / ^ call``; ``name`` holds the
    variable, constant or function name, ``value`` the exact number of a ``num``.
    """

    op: str
    args: tuple = ()
    name: str = ""
    value: object = None

    def __repr__(self):
        if self.op in ("num", "var", "const"):
            return str(self.value if self.op == "num" else self.name)
        if self.op == "call":
            return f"{self.name}({', '.join(map(repr, self.args))})"
        if self.op == "neg":
            return f"(-{self.args[0]!r})"
        return f"({self.args[0]!r} {self.op} {self.args[1]!r})"
