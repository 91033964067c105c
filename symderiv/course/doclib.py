"""The documents-layer functions the course workflow uses, in one place (the documents
package is split by concern: ``latex``, ``latex_printer``, ``build``, ``render``)."""
from __future__ import annotations

from symderiv.documents.latex_printer import blocks_data, language_data, solution_data
from symderiv.documents.build import compile_source, parse_log, write_files
from symderiv.documents.errors import LatexError
from symderiv.documents.latex import Tex, inline_latex, latex_escape, math_latex, text_latex
from symderiv.documents.render import render_template

__all__ = ["LatexError", "Tex", "blocks_data", "compile_source", "inline_latex",
           "language_data", "latex_escape", "math_latex", "parse_log", "render_template",
           "solution_data", "text_latex", "write_files"]
