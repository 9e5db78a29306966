"""Question banks from other tools (text2qti, GIFT, Aiken, Moodle XML) as source quiz YAML.

:func:`import_bank` reads one file and returns a :class:`~.common.Bank`;
:func:`write_bank` writes it as ``<stem>.yaml`` plus its media, ready to add to a
course outline.  Formats are told apart by extension and, failing that, content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from lmsexport.errors import SourcePos, error
from lmsexport.loaders.importers.aiken import read_aiken
from lmsexport.loaders.importers.common import MEDIA_DIR, Bank
from lmsexport.loaders.importers.gift import read_gift
from lmsexport.loaders.importers.moodlexml import read_moodlexml
from lmsexport.loaders.importers.text2qti import read_text2qti
from lmsexport.model.ids import slugify

FORMATS = ("text2qti", "gift", "aiken", "moodlexml")

_TEXT_READERS: dict[str, Callable[[Path, str], Bank]] = {
    "text2qti": read_text2qti,
    "gift": read_gift,
    "aiken": read_aiken,
}


def detect_format(path: Path, data: bytes) -> str | None:
    """The bank format of ``path``: by extension (``.gift``, ``.xml``), else by content."""
    suffix = path.suffix.lower()
    if suffix == ".gift" or path.name.lower().endswith(".gift.txt"):
        return "gift"
    if suffix == ".xml" or data.lstrip().startswith(b"<"):
        return "moodlexml"
    text = data.decode("utf-8", errors="replace")
    if re.search(r"^ANSWER:\s*[A-Z]\s*$", text, re.M):
        return "aiken"
    if re.search(r"^\d+\.[ \t]+\S", text, re.M):
        return "text2qti"
    if re.search(r"(?<!\\)\{", text) or "$CATEGORY:" in text:
        return "gift"
    return None


def import_bank(path: Path, fmt: str | None = None) -> Bank:
    """Read the bank at ``path`` (format ``fmt`` or detected); problems are in ``diagnostics``."""
    data = path.read_bytes()
    fmt = fmt or detect_format(path, data)
    if fmt is None:
        bank = Bank(path)
        bank.diagnostics.append(
            error(
                "cannot tell the bank format from the name or content",
                SourcePos(path),
                hint="pass --from text2qti|gift|aiken|moodlexml",
            )
        )
        return bank
    if fmt == "moodlexml":
        return _finished(read_moodlexml(path, data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bank = Bank(path)
        line = data[: exc.start].count(b"\n") + 1
        bank.error(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})",
            line,
            exc.start - data.rfind(b"\n", 0, exc.start),
        )
        return bank
    return _finished(_TEXT_READERS[fmt](path, text))


def _finished(bank: Bank) -> Bank:
    bank.finish()
    return bank


def write_bank(bank: Bank, folder: Path, *, merge: bool = False) -> list[Path]:
    """Write one ``<stem>[-<category>].yaml`` per quiz and ``media/*`` into ``folder``.

    A bank with one category (or ``merge``) gives ``<stem>.yaml``; several give one
    file per category, named after it, so a teacher's bank structure survives.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem = bank.file.name.split(".")[0] or "bank"
    quizzes = bank.quizzes(merge)
    written: list[Path] = []
    for quiz in quizzes:
        name = stem if len(quizzes) == 1 else f"{stem}-{slugify(quiz['title'])}"
        target = folder / f"{name}.yaml"
        number = 1
        while target in written:
            number += 1
            target = folder / f"{name}-{number}.yaml"
        text = yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True, width=100)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    for name, data in sorted(bank.media.items()):
        media = folder / MEDIA_DIR / name
        media.parent.mkdir(parents=True, exist_ok=True)
        media.write_bytes(data)
    return written
