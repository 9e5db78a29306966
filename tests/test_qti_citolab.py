"""Third-party parser: citolab-qti-convert reads our QTI 2.1 zip and upgrades it to QTI 3.0.

The converter must accept the real zip bytes, keep every item, and produce the
same interactions and correct responses as our own QTI 3.0 target writes, and
list the same resources with the QTI 3.0 types our manifest uses.  (Its manifest
keeps the LOM 1.2 metadata of the input, which the QTI 3.0 CP schema rejects,
so that file is compared, not validated.)
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from qti_convert import upgrade_package

from lmsexport.assessment.checks import Vocabulary
from lmsexport.packaging import zip_bytes
from model_factory import sample_course
from qti_support import build, files


def _summary(data: bytes | str) -> tuple[str, list[str], list[str]]:
    """(identifier, interaction elements, correct values) of a QTI 3.0 item."""
    root = etree.fromstring(data.encode() if isinstance(data, str) else data)
    v = Vocabulary(qti3=True)
    interactions = sorted(
        etree.QName(e).localname
        for e in root.iter(etree.Element)
        if etree.QName(e).localname.endswith("-interaction")
    )
    values = [str(x.text) for c in v.find(root, "correctResponse") for x in v.find(c, "value")]
    return root.get("identifier", ""), interactions, values


def test_citolab_upgrades_our_qti21_zip_to_the_items_our_qti30_writes(tmp_path: Path) -> None:
    course = sample_course(tmp_path)
    qti21 = build("qti21", course)[0][0]
    upgraded = upgrade_package(zip_bytes(qti21.files)).files
    ours = files(build("qti30", course)[0][0])
    items = sorted(n for n in ours if n.startswith("items/"))
    assert items == sorted(n for n in upgraded if n.startswith("items/"))
    for name in items:
        assert _summary(upgraded[name]) == _summary(ours[name]), name
    manifest = upgraded["imsmanifest.xml"]
    root = etree.fromstring(manifest.encode() if isinstance(manifest, str) else manifest)
    resources = {r.get("identifier"): r.get("type") for r in root.iter("{*}resource")}
    expected = etree.fromstring(ours["imsmanifest.xml"])
    assert resources == {r.get("identifier"): r.get("type") for r in expected.iter("{*}resource")}
