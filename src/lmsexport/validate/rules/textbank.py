"""GIFT and Aiken banks: read them as ``lmsexport import`` would and report what it says.

Moodle's GIFT and Aiken importers skip or refuse a question with a syntax
error; our readers follow the same grammar and name the line, so their errors
are the bank's errors.  Their warnings are about what an import into the
lmsexport source format would lose, which says nothing about Moodle, so they
are kept as information only.
"""

from __future__ import annotations

from pathlib import Path

from lmsexport.validate.context import Context


def check_text_bank(ctx: Context) -> None:
    """Syntax of the single GIFT or Aiken file the package is."""
    # The importers load Markdown and YAML libraries: only when a bank is checked.
    from lmsexport.loaders.importers.aiken import read_aiken
    from lmsexport.loaders.importers.gift import read_gift

    name = ctx.package.names()[0]
    data = ctx.package.read(name)
    if data is None:
        return
    read = read_gift if ctx.kind == "gift" else read_aiken
    bank = read(Path(name), data.decode("utf-8-sig"))
    for diagnostic in bank.diagnostics:
        pos = diagnostic.pos
        ctx.add(
            "MOODLE-BANK-SYNTAX" if diagnostic.is_error else "MOODLE-BANK-NOTE",
            name,
            diagnostic.message,
            pos.line if pos else 0,
            pos.column if pos else 0,
        )
    if not bank.diagnostics and not bank.questions:
        ctx.add("MOODLE-BANK-SYNTAX", name, "no question in this file; Moodle imports nothing")
