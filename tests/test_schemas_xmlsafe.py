"""Safe parsing: no entity expansion, no DTD or network fetch, positions on errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from lmsexport.errors import LmsExportError
from lmsexport.xmlsafe import XmlSyntaxError, parse_xml, safe_parser
from test_schemas_support import Loopback, serve


@pytest.fixture
def secrets(tmp_path: Path) -> Iterator[tuple[Path, Loopback]]:
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    (tmp_path / "evil.dtd").write_text('<!ENTITY leak "TOP-SECRET">')
    yield from ((tmp_path / "secret.txt", server) for server in serve(tmp_path))


def test_safe_parser_settings_and_overrides() -> None:
    parser = safe_parser(remove_blank_text=True)
    tree = etree.fromstring(b"<a>\n  <b/>\n</a>", parser)
    assert tree[0].tail is None  # the override applied
    assert etree.fromstring(b"<a>\n  <b/>\n</a>", safe_parser())[0].tail == "\n"


def test_external_entities_are_not_expanded_and_nothing_is_fetched(
    secrets: tuple[Path, Loopback],
) -> None:
    secret_file, server = secrets
    document = (
        f'<!DOCTYPE x [<!ENTITY web SYSTEM "{server.url}/secret.txt">'
        f'<!ENTITY local SYSTEM "{secret_file.as_uri()}">'
        f'<!ENTITY % remote SYSTEM "{server.url}/evil.dtd"> %remote;]>'
        "<x>&web;&local;</x>"
    ).encode()
    tree = parse_xml(document, "xxe.xml")
    assert b"TOP-SECRET" not in etree.tostring(tree)
    assert server.requests == []


def test_external_dtd_is_not_loaded(secrets: tuple[Path, Loopback]) -> None:
    _, server = secrets
    document = f'<!DOCTYPE x SYSTEM "{server.url}/evil.dtd"><x>&leak;</x>'.encode()
    tree = parse_xml(document, "dtd.xml")
    assert b"TOP-SECRET" not in etree.tostring(tree)
    assert server.requests == []


def test_billion_laughs_is_refused_quickly() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    document = f"<!DOCTYPE lolz [{entities}]><lolz>&lol9;</lolz>".encode()
    start = time.monotonic()
    with pytest.raises(XmlSyntaxError) as caught:
        parse_xml(document, "lol.xml")
    assert time.monotonic() - start < 2
    assert "amplification" in caught.value.diagnostic.message


def test_syntax_error_carries_file_line_column() -> None:
    with pytest.raises(XmlSyntaxError) as caught:
        parse_xml(b"<a>\n  <b></a>", "course/quiz.xml")
    diagnostic = caught.value.diagnostic
    assert diagnostic.pos is not None
    assert (str(diagnostic.pos.file), diagnostic.pos.line, diagnostic.pos.column) == (
        "course/quiz.xml",
        2,
        10,
    )
    assert diagnostic.code == "XML-SYNTAX"
    assert "line 2, column" not in diagnostic.message
    assert isinstance(caught.value, LmsExportError) and isinstance(caught.value, ValueError)
