r"""Solution -> Jinja2 -> .tex.

:class:`~symderiv.documents.latex_printer.LatexPrinter` turns a Solution into template data (strings that are
LaTeX already, :class:`~symderiv.documents.latex.Tex`); this module renders the Jinja2
templates in ``templates/`` with it. The templates never compute. The Jinja2 environment
uses LaTeX-friendly delimiters (``\BLOCK{...}``, ``\VAR{...}``, ``\#{...}``, line
statements ``%%``), ``StrictUndefined``, and refuses to print any value that is not
:class:`Tex` (or an int), so an unescaped string can never reach the document.

Building the .tex/.pdf files is :mod:`symderiv.documents.build` (``emit`` and
``OutputError`` are re-exported here for the command line).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from importlib import resources

from symderiv.documents.latex_printer import index_data
from symderiv.documents.build import emit
from symderiv.documents.errors import OutputError, TemplateError
from symderiv.documents.latex import Tex

#: ``emit`` and ``OutputError`` are re-exported for the command line
__all__ = ["TEMPLATE_DIR", "Tex", "environment", "render_template", "render", "render_index",
           "emit", "OutputError"]

#: where the templates live (tests may point this elsewhere)
TEMPLATE_DIR = Path(str(resources.files("symderiv.documents").joinpath("templates")))


def _finalize(value):
    if isinstance(value, Tex) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TemplateError(f"template printed a value that is not LaTeX-safe: {type(value).__name__} "
                        f"{str(value)[:40]!r}")


def environment(template_dir=None):
    import jinja2
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir or TEMPLATE_DIR)),
        block_start_string=r"\BLOCK{", block_end_string="}",
        variable_start_string=r"\VAR{", variable_end_string="}",
        comment_start_string=r"\#{", comment_end_string="}",
        line_statement_prefix="%%", line_comment_prefix="%#",
        trim_blocks=True, lstrip_blocks=True, autoescape=False,
        undefined=jinja2.StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
    )


@lru_cache(maxsize=16)
def _environment(template_dir: str):
    """One environment per template directory and process: Jinja2 then compiles each
    template once (and recompiles it when the file changes), not on every document."""
    return environment(template_dir)


def _template_location(exc: BaseException, template_dir: Path) -> tuple[str, Optional[int]]:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if name and line:
        return Path(name).name, line
    tb = exc.__traceback__
    found: tuple[str, Optional[int]] = ("", None)
    root = str(template_dir)
    while tb is not None:
        fn = tb.tb_frame.f_code.co_filename
        if fn.startswith(root) or fn.endswith(".tex"):
            found = (Path(fn).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(name: str, data: dict, template_dir=None) -> str:
    """Render one template; any Jinja2 failure becomes one :class:`TemplateError` line."""
    import jinja2
    tdir = Path(template_dir or TEMPLATE_DIR)
    try:
        return _environment(str(tdir)).get_template(name).render(**data)
    except TemplateError as exc:
        file, line = _template_location(exc, tdir)
        where = f" in {file} line {line}" if file and line else ""
        raise TemplateError(f"template error{where}: {exc}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template error: template '{exc.name}' not found in {tdir}") from None
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError) as exc:
        file, line = _template_location(exc, tdir)
        where = f" in {file} line {line}" if file and line else ""
        text = getattr(exc, "message", None) or str(exc)
        raise TemplateError(f"template error{where}: {text}") from None


def render(solution, lang: str, title: Optional[str] = None,
           author: Optional[str] = None, params: Optional[dict] = None,
           seed: Optional[int] = None) -> str:
    """The complete .tex document of a solution in ``lang``. Its first line says which
    layout drew its computation graphs (:func:`layout_stamp`)."""
    from symderiv.documents.exercise import document_data
    return layout_stamp() + render_template("base.tex", document_data(solution, lang, title, author, params, seed))


def layout_stamp() -> str:
    """``% ...`` naming the engine of the graph layouts: Graphviz ``dot`` when installed,
    else the built-in layered layout, whose figures differ (so two builds that differ in
    their figures say why)."""
    from symderiv.graph.layout import dot_available
    if dot_available():
        return "% symderiv: computation graphs laid out by Graphviz dot\n"
    return "% symderiv: computation graphs laid out by the built-in layered layout (Graphviz dot not found)\n"


def render_index(entries: list[dict], lang: str, title: Optional[str] = None,
                 author: Optional[str] = None) -> str:
    """The index document. ``entries``: dicts with ``name``, ``file``, and either
    ``solution`` (a Solution) or ``error`` (a str)."""
    return render_template("index.tex", index_data(entries, lang, title, author))
