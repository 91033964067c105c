"""The documents-layer functions the course workflow uses, imported from wherever the
documents package defines them (``render.py`` before its split into ``latex``, ``blocks``
and ``build``; the split modules after it), so the course code works with both."""
from __future__ import annotations

try:  # the documents layer split by concern
    from symderiv.documents.blocks import blocks_data, language_data, solution_data
    from symderiv.documents.build import PDFLATEX_OPTIONS, compile_source, parse_log, write_files
    from symderiv.documents.build import _latex_env as latex_env
    from symderiv.documents.errors import LatexError
    from symderiv.documents.latex import Tex, inline_latex, latex_escape, math_latex, text_latex
except ImportError:  # one render module
    from symderiv.documents.render import (PDFLATEX_OPTIONS, LatexError, Tex, blocks_data,  # noqa: F401
                                           compile_source, inline_latex, latex_escape, math_latex,
                                           parse_log, solution_data, text_latex, write_files)
    from symderiv.documents.render import _latex_env as latex_env  # noqa: F401

    def language_data(lang: str) -> dict:
        from symderiv.documents.messages import BABEL
        return {"lang": lang, "babel": Tex(BABEL[lang])}

from symderiv.documents.render import render_template  # noqa: E402,F401

__all__ = ["PDFLATEX_OPTIONS", "LatexError", "Tex", "blocks_data", "compile_source", "inline_latex",
           "language_data", "latex_env", "latex_escape", "math_latex", "parse_log", "render_template",
           "solution_data", "text_latex", "write_files"]
