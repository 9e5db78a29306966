"""The ``cc`` target builds valid cartridges for the sample course and generated variants.

Every XML file of each cartridge is validated here against the official CC 1.1
schemas, picked by its root element, independently of the tags the target put
on its files, so an untagged or mis-tagged file cannot slip through.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from lmsexport.api import BuildOptions, build
from lmsexport.cli import main
from lmsexport.errors import Diagnostic
from lmsexport.loaders.course import load_course
from lmsexport.model import Course, Lesson, Media, Section
from lmsexport.model.ids import make_ident
from lmsexport.packaging import zip_bytes
from lmsexport.schemas import SchemaRegistry
from lmsexport.targets.base import Artifact, BuildContext
from lmsexport.targets.cc import CommonCartridgeTarget
from lmsexport.targets.registry import get_target
from lmsexport.xmlsafe import parse_xml
from model_factory import sample_course

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "source" / "stalins-soviet-union"

KIND_OF_ROOT = {
    "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}manifest": "cc11.manifest",
    "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}questestinterop": "cc11.qti",
    "{http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1}webLink": "cc11.weblink",
    "{http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1}topic": "cc11.discussion",
}


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry.discover()


def render(
    course: Course, registry: SchemaRegistry, **options: str
) -> tuple[Artifact, list[Diagnostic]]:
    """Check, render and verify like the pipeline; return the artifact and all diagnostics."""
    ctx = BuildContext(schemas=registry, options=options)
    target = CommonCartridgeTarget()
    found = list(target.check(course, ctx))
    (artifact,) = target.render(course, ctx)
    found += target.verify(artifact, ctx)
    return artifact, found


def schema_errors(artifact: Artifact, registry: SchemaRegistry) -> list[str]:
    """Validate every XML member by its root element; an XML file of no known kind is an error."""
    problems = []
    for member in artifact.files:
        if not member.path.endswith(".xml"):
            continue
        tag = parse_xml(member.data, member.path).getroot().tag
        kind = KIND_OF_ROOT.get(str(tag))
        if kind is None:
            problems.append(f"{member.path}: no CC 1.1 schema for {tag}")
            continue
        problems += [d.format() for d in registry.validate(kind, member.data, member.path)]
    return problems


def errors(found: list[Diagnostic]) -> list[str]:
    return [d.format() for d in found if d.is_error]


def _png(seed: int) -> bytes:
    """Distinct small binary files (a PNG signature plus seed bytes)."""
    return b"\x89PNG\r\n\x1a\n" + hashlib.sha256(str(seed).encode()).digest()


def deep_course(tmp_path: Path) -> Course:
    """Six nested sections, a lesson at every level."""
    base = sample_course(tmp_path)
    lesson = base.lessons[0]
    node: Section | Lesson = replace(lesson, id="leaf", ident=make_ident("deep/leaf"), slug="leaf")
    for depth in range(6, 0, -1):
        extra = replace(
            lesson, id=f"l{depth}", ident=make_ident(f"deep/l{depth}"), slug=f"level-{depth}"
        )
        node = Section(
            id=f"s{depth}",
            ident=make_ident(f"deep/s{depth}"),
            title=f"Level {depth}",
            children=(extra, node),
        )
    return replace(base, outline=(node,))


def lessons_only(tmp_path: Path) -> Course:
    """No quizzes anywhere: sections holding lessons only."""
    base = sample_course(tmp_path)

    def strip(node: Section | Lesson) -> Section | Lesson:
        if isinstance(node, Section):
            kept = [strip(c) for c in node.children if not hasattr(c, "questions")]
            return replace(node, children=tuple(k for k in kept if k is not None))
        return node

    outline = tuple(strip(n) for n in base.outline if not hasattr(n, "questions"))
    return replace(base, outline=outline)  # type: ignore[arg-type]


def media_heavy(tmp_path: Path) -> Course:
    """One lesson with 40 images in two folders (each listed once)."""
    base = sample_course(tmp_path)
    media = []
    lines = []
    for n in range(40):
        href = f"media/{'photos' if n % 2 else 'scans-1924'}/image-{n}.png"
        path = base.root / href
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _png(n)
        path.write_bytes(data)
        media.append(Media(path, href, "image/png", hashlib.sha256(data).hexdigest(), len(data)))
        lines.append(f"![Image {n}](<../{href}>)")
    lesson = replace(base.lessons[0], body="\n\n".join(lines), media=tuple(media))
    return replace(base, outline=(lesson, *base.outline[1:]))


VARIANTS = {
    "every-question-type": sample_course,
    "deep-outline": deep_course,
    "no-quizzes": lessons_only,
    "media-heavy": media_heavy,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_cc_variants_are_valid_against_the_official_cc11_schemas(
    variant: str, tmp_path: Path, registry: SchemaRegistry
) -> None:
    course = VARIANTS[variant](tmp_path)
    artifact, found = render(course, registry)
    assert errors(found) == []
    assert schema_errors(artifact, registry) == []
    assert artifact.filename == f"{course.id}-cc.imscc"


def test_cc_sample_course_builds_valid_with_every_xml_checked(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    course = load_course(SAMPLE, [])
    artifact, found = render(course, registry)
    assert errors(found) == []
    assert schema_errors(artifact, registry) == []
    kinds = {f.schema for f in artifact.files if f.path.endswith(".xml")}
    assert kinds == {"cc11.manifest", "cc11.qti", "cc11.weblink", "cc11.discussion"}


def test_cc_cli_build_writes_the_imscc_and_reports_it_valid(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = CliRunner().invoke(
        main, ["build", "-t", "cc", "-o", str(out), "--no-cache", str(SAMPLE)]
    )
    assert result.exit_code == 0, result.output
    cartridge = out / "stalins-soviet-union-cc.imscc"
    with zipfile.ZipFile(cartridge) as archive:
        assert "imsmanifest.xml" in archive.namelist()
    assert "valid" in result.output


def test_cc_build_is_byte_reproducible(tmp_path: Path) -> None:
    first = build([SAMPLE], BuildOptions(output=tmp_path / "a", targets=("cc",)))
    second = build([SAMPLE], BuildOptions(output=tmp_path / "b", targets=("cc",)))
    assert first.ok and second.ok
    (a,) = first.courses[0].artifacts
    (b,) = second.courses[0].artifacts
    assert a.validation["status"] == "valid"
    assert Path(a.path).read_bytes() == Path(b.path).read_bytes()


def test_cc_is_registered_with_the_cc11_schema_set() -> None:
    target = get_target("cc")
    assert isinstance(target, CommonCartridgeTarget)
    assert target.schema_sets == ("cc11",)


def test_cc13_uses_the_13_names_and_says_it_was_not_schema_checked(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    artifact, found = render(sample_course(tmp_path), registry, cc_version="1.3")
    assert errors(found) == []
    assert any("not schema-checked" in d.message for d in found)
    assert all(f.schema is None for f in artifact.files)
    members = {f.path: f.data for f in artifact.files}
    root = parse_xml(members["imsmanifest.xml"], "m").getroot()
    assert root.tag == "{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}manifest"
    assert root.findtext("{*}metadata/{*}schemaversion") == "1.3.0"
    types = {r.get("type") for r in root.iter("{*}resource")}
    assert "imsqti_xmlv1p2/imscc_xmlv1p3/assessment" in types


def test_cc_zip_keeps_every_media_file_byte_for_byte(
    tmp_path: Path, registry: SchemaRegistry
) -> None:
    course = media_heavy(tmp_path)
    artifact, _ = render(course, registry)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(artifact.files))) as archive:
        for media in course.media:
            assert archive.read(media.href) == media.path.read_bytes()
    manifest = etree.fromstring(next(f.data for f in artifact.files if f.path == "imsmanifest.xml"))
    hrefs = {f.get("href") for f in manifest.iter("{*}file")}
    assert {m.href for m in course.media} <= hrefs


def test_cc_keeps_links_between_lessons_and_warns_for_links_to_quizzes(tmp_path: Path) -> None:
    from lmsexport import api

    source = Path(__file__).parent / "roots" / "leaf-links"
    result = api.build([source], api.BuildOptions(output=tmp_path, targets=("cc",)))
    assert result.ok, [d.format() for c in result.courses for d in c.diagnostics]
    texts = [d.format() for d in result.courses[0].diagnostics]
    assert any("'../quizzes/check.yaml' is shown as plain text" in t for t in texts)
