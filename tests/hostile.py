"""A corpus of broken and hostile packages, one defect each, generated at test time.

Every case starts from a small *valid* package of its kind and applies one
change, so the finding the validator reports can only come from that change.
``Case.expect`` names the exact code, member and line; the line is found in the
fixture text itself (``at``), so editing a fixture cannot silently break a test.
"""

from __future__ import annotations

import stat
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lmsexport.validate.options import ValidateOptions

GOOD_SCORM12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Course</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>Lesson</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="media/logo.png"/>
    </resource>
  </resources>
</manifest>
"""
SCORM12_CONTROL = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd")

GOOD_SCORM2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Course</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>Lesson</title>
        <imsss:sequencing IDRef="SEQ-1"/>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="SEQ-1">
      <imsss:controlMode choice="true" flow="true"/>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>
"""
SCORM2004_CONTROL = ("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "imsss_v1p0.xsd")

GOOD_QTI21_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <organizations/>
  <resources>
    <resource identifier="ITEM-1" type="imsqti_item_xmlv2p1" href="item1.xml">
      <file href="item1.xml"/>
    </resource>
  </resources>
</manifest>
"""
GOOD_QTI21_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="item1"
    title="Capital" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse>
      <value>B</value>
    </correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>Capital of the USSR?</prompt>
      <simpleChoice identifier="A">Leningrad</simpleChoice>
      <simpleChoice identifier="B">Moscow</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""
GOOD_QTI12_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <organizations/>
  <resources>
    <resource identifier="QUIZ-1" type="imsqti_xmlv1p2" href="quiz.xml">
      <file href="quiz.xml"/>
    </resource>
  </resources>
</manifest>
"""
GOOD_QTI12_QUIZ = """<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="A1" title="Quiz">
    <section ident="root_section">
      <item ident="Q1" title="Capital">
        <itemmetadata>
          <qtimetadata>
            <qtimetadatafield>
              <fieldlabel>question_type</fieldlabel>
              <fieldentry>multiple_choice_question</fieldentry>
            </qtimetadatafield>
          </qtimetadata>
        </itemmetadata>
        <presentation>
          <material><mattext texttype="text/plain">Capital?</mattext></material>
          <response_lid ident="response1" rcardinality="Single">
            <render_choice>
              <response_label ident="a1"><material><mattext>Moscow</mattext></material></response_label>
              <response_label ident="a2"><material><mattext>Kyiv</mattext></material></response_label>
            </render_choice>
          </response_lid>
        </presentation>
        <resprocessing>
          <outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>
          <respcondition continue="No">
            <conditionvar><varequal respident="response1">a1</varequal></conditionvar>
            <setvar action="Set" varname="SCORE">100</setvar>
          </respcondition>
        </resprocessing>
      </item>
    </section>
  </assessment>
</questestinterop>
"""
GOOD_CC11 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
          xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.1.0</schemaversion>
    <lomimscc:lom>
      <lomimscc:general>
        <lomimscc:title><lomimscc:string>Course</lomimscc:string></lomimscc:title>
      </lomimscc:general>
    </lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="ORG-1" structure="rooted-hierarchy">
      <item identifier="ROOT">
        <item identifier="ITEM-1" identifierref="RES-1">
          <title>Lesson</title>
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""
GOOD_CMI5 = """<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/course/1">
    <title><langstring lang="en-US">Course</langstring></title>
    <description><langstring lang="en-US">A course.</langstring></description>
  </course>
  <au id="https://example.com/course/1/au/1" moveOn="Completed">
    <title><langstring lang="en-US">Lesson</langstring></title>
    <description><langstring lang="en-US">First.</langstring></description>
    <url>lesson1/index.html</url>
  </au>
</courseStructure>
"""
GOOD_MOODLEXML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Capital</text></name>
    <questiontext format="html"><text><![CDATA[<p>Capital?</p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="100" format="html"><text>Moscow</text></answer>
    <answer fraction="0" format="html"><text>Kyiv</text></answer>
  </question>
</quiz>
"""

BILLION_LAUGHS = """<!DOCTYPE manifest [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
"""

# Nine levels of ten: 10^9 "lol"s, which libxml2 refuses to expand at all.
EXPONENTIAL_LAUGHS = (
    '<!DOCTYPE manifest [\n <!ENTITY lol0 "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))
    + "]>\n"
)
ENTITY_LOOP = '<!DOCTYPE manifest [\n <!ENTITY a "&b;">\n <!ENTITY b "&a;">\n]>\n'


def line_in(text: str, needle: str) -> int:
    """1-based line of ``needle`` in ``text`` (the fixture's own coordinates)."""
    at = text.index(needle)
    return text.count("\n", 0, at) + 1


def run_validate(*args: str) -> tuple[int, str]:
    """``lmsexport validate ARGS`` in-process: its exit code and output (it must not crash)."""
    from click.testing import CliRunner

    from lmsexport.cli import main

    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def write_zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def scorm12(manifest: str = GOOD_SCORM12, **extra: bytes | str) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {
        "imsmanifest.xml": manifest,
        "index.html": "<html><body>Lesson</body></html>",
        "media/logo.png": b"\x89PNG\r\n\x1a\n",
    }
    files.update({name: "<xs:schema/>" for name in SCORM12_CONTROL})
    files.update(extra)
    return files


def scorm2004(manifest: str = GOOD_SCORM2004) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {"imsmanifest.xml": manifest, "index.html": "<html/>"}
    files.update({name: "<xs:schema/>" for name in SCORM2004_CONTROL})
    return files


def qti21(item: str = GOOD_QTI21_ITEM) -> dict[str, bytes | str]:
    return {"imsmanifest.xml": GOOD_QTI21_MANIFEST, "item1.xml": item}


def qti12(quiz: str = GOOD_QTI12_QUIZ) -> dict[str, bytes | str]:
    return {"imsmanifest.xml": GOOD_QTI12_MANIFEST, "quiz.xml": quiz}


@dataclass(frozen=True)
class Case:
    """One defective package: how to make it and what the validator must say."""

    name: str
    make: Callable[[Path], Path]
    code: str
    file: str = ""
    line: int | None = None
    options: ValidateOptions = field(default_factory=ValidateOptions)


def zipped(files: dict[str, bytes | str], name: str = "package.zip") -> Callable[[Path], Path]:
    return lambda folder: write_zip(folder / name, files)


def loose(text: str, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _raw_zip(entries: list[tuple[zipfile.ZipInfo, bytes]]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "package.zip"
        with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
            warnings.simplefilter("ignore")  # duplicate names are the point of some cases
            for info, data in entries:
                archive.writestr(info, data)
        return path

    return make


def _symlink_member() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("media/passwd")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _manifest_plus(name: str) -> list[tuple[zipfile.ZipInfo, bytes]]:
    return [
        *((zipfile.ZipInfo(n), str(d).encode()) for n, d in scorm12().items()),
        (zipfile.ZipInfo(name), b"owned"),
    ]


def _truncated(folder: Path) -> Path:
    path = write_zip(folder / "package.zip", scorm12())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_bytes(name: str) -> Callable[[Path], Path]:
    """Bytes that are neither a zip, XML nor text (a stray download, an image)."""

    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(bytes(range(256)) * 8)
        return path

    return make


def _folder_with_symlink(folder: Path) -> Path:
    root = folder / "course"
    for name, data in scorm12().items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
    (root / "secret").symlink_to("/etc/hostname")
    return root


def _lying_header(folder: Path) -> Path:
    """A member whose headers declare 1 KiB but whose deflate stream inflates to 64 MiB."""
    path = folder / "package.zip"
    real = (64 << 20) + 12345  # an odd size, so its byte pattern is unique in the file
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in scorm12().items():
            archive.writestr(name, data)
        with archive.open("media/video.bin", "w", force_zip64=True) as stream:
            for _ in range(64):
                stream.write(bytes(1 << 20))
            stream.write(bytes(12345))
    data = path.read_bytes()
    for width in (8, 4):  # zip64 extra (local header) and 32-bit field (central directory)
        data = data.replace(real.to_bytes(width, "little"), (1024).to_bytes(width, "little"))
    path.write_bytes(data)
    return path


def bomb_manifest(padding: int = 2 << 20) -> str:
    """A valid SCORM 1.2 manifest padded with a comment of spaces: it deflates about 1000x."""
    return _replace(GOOD_SCORM12, "<resources>", f"<resources><!--{' ' * padding}-->")


def too_deep(depth: int = 300) -> str:
    """A SCORM 1.2 manifest whose title holds ``depth`` nested elements, past libxml2's 256."""
    return _replace(
        GOOD_SCORM12,
        "<title>Course</title>",
        "<title>Course</title>" + "<a>" * depth + "</a>" * depth,
    )


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


S12 = GOOD_SCORM12
S04 = GOOD_SCORM2004
XXE_DOCTYPE = '<!DOCTYPE manifest [\n <!ENTITY xxe SYSTEM "{url}">\n]>\n'


def corpus(server_url: str) -> list[Case]:
    """Every case; ``server_url`` is a loopback server that must never be contacted."""
    xxe = _replace(S12, "<manifest ", XXE_DOCTYPE.format(url=f"{server_url}/xxe") + "<manifest ")
    xxe = _replace(xxe, "<title>Course</title>", "<title>&xxe;</title>")
    laughs = _replace(S12, "<manifest ", BILLION_LAUGHS + "<manifest ")
    laughs = _replace(laughs, "<title>Course</title>", "<title>&lol3;</title>")
    bomb = _replace(S12, "<manifest ", EXPONENTIAL_LAUGHS + "<manifest ")
    bomb = _replace(bomb, "<title>Course</title>", "<title>&lol9;</title>")
    loop = _replace(S12, "<manifest ", ENTITY_LOOP + "<manifest ")
    loop = _replace(loop, "<title>Course</title>", "<title>&a;</title>")
    dtd = _replace(
        S12, "<manifest ", f'<!DOCTYPE manifest SYSTEM "{server_url}/x.dtd">\n<manifest '
    )
    bad_bytes = _replace(S12, "<title>Course</title>", "<title>Course \udcff</title>")
    slip = _manifest_plus("../evil.txt")
    absolute = _manifest_plus("/tmp/lmsexport-evil.txt")
    dup_entry = [*_manifest_plus("index.html")]
    many = ValidateOptions(max_entries=3)
    q21 = GOOD_QTI21_ITEM
    q12 = GOOD_QTI12_QUIZ
    cases = [
        # Package structure (SCORM 1.2).
        Case(
            "manifest-in-subfolder",
            zipped({f"course/{k}": v for k, v in scorm12().items()}),
            "CP-MANIFEST-NOT-AT-ROOT",
            "course/imsmanifest.xml",
        ),
        Case("no-manifest", zipped({"page.html": "<html/>", "a.txt": "x"}), "CP-MANIFEST-MISSING"),
        Case(
            "dangling-identifierref",
            zipped(scorm12(_replace(S12, 'identifierref="RES-1"', 'identifierref="RES-9"'))),
            "CP-DANGLING-IDENTIFIERREF",
            "imsmanifest.xml",
            line_in(S12, 'identifierref="RES-1"'),
        ),
        Case(
            "missing-file",
            zipped(
                scorm12(
                    _replace(S12, '<file href="media/logo.png"/>', '<file href="media/x.png"/>')
                )
            ),
            "CP-MISSING-FILE",
            "imsmanifest.xml",
            line_in(S12, '<file href="media/logo.png"/>'),
        ),
        Case(
            "file-case-mismatch",
            zipped(
                scorm12(_replace(S12, '<file href="index.html"/>', '<file href="Index.html"/>'))
            ),
            "CP-FILE-CASE-MISMATCH",
            "imsmanifest.xml",
            line_in(S12, '<file href="index.html"/>'),
        ),
        Case(
            "duplicate-identifier",
            zipped(scorm12(_replace(S12, 'item identifier="ITEM-1"', 'item identifier="ORG-1"'))),
            "CP-DUPLICATE-IDENTIFIER",
            "imsmanifest.xml",
            line_in(S12, 'item identifier="ITEM-1"'),
        ),
        Case(
            "dangling-default-org",
            zipped(scorm12(_replace(S12, 'default="ORG-1"', 'default="ORG-2"'))),
            "CP-DANGLING-DEFAULT-ORG",
            "imsmanifest.xml",
            line_in(S12, 'default="ORG-1"'),
        ),
        Case(
            "dangling-dependency",
            zipped(
                scorm12(
                    _replace(
                        S12,
                        '<file href="index.html"/>',
                        '<file href="index.html"/><dependency identifierref="RES-X"/>',
                    )
                )
            ),
            "CP-DANGLING-DEPENDENCY",
            "imsmanifest.xml",
            line_in(S12, '<file href="index.html"/>'),
        ),
        Case(
            "absolute-href",
            zipped(scorm12(_replace(S12, 'href="index.html">', 'href="/index.html">'))),
            "CP-HREF-UNSAFE",
            "imsmanifest.xml",
            line_in(S12, 'href="index.html">'),
        ),
        Case(
            "unlisted-file",
            zipped(scorm12(**{"notes.txt": "draft"})),
            "CP-UNLISTED-FILE",
            "notes.txt",
        ),
        Case(
            "wrong-schemaversion",
            zipped(scorm12(_replace(S12, "<schemaversion>1.2", "<schemaversion>1.3"))),
            "SCORM-SCHEMAVERSION",
            "imsmanifest.xml",
            line_in(S12, "<schemaversion>"),
        ),
        Case(
            "mastery-out-of-range",
            zipped(scorm12(_replace(S12, "masteryscore>80<", "masteryscore>150<"))),
            "SCORM-MASTERY-RANGE",
            "imsmanifest.xml",
            line_in(S12, "<adlcp:masteryscore>"),
        ),
        Case(
            "sco-without-launch",
            zipped(
                scorm12(
                    _replace(
                        S12, 'adlcp:scormtype="sco" href="index.html"', 'adlcp:scormtype="sco"'
                    )
                )
            ),
            "SCORM-SCO-NO-LAUNCH",
            "imsmanifest.xml",
            line_in(S12, "<resource "),
        ),
        Case(
            "control-files-missing",
            zipped({k: v for k, v in scorm12().items() if not k.endswith(".xsd")}),
            "SCORM-CONTROL-FILES-MISSING",
        ),
        Case(
            "manifest-xsd-invalid",
            zipped(scorm12(_replace(S12, 'adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'))),
            "XSD-INVALID",
            "imsmanifest.xml",
            line_in(S12, "<resource "),
        ),
        Case(
            "manifest-malformed",
            zipped(scorm12(_replace(S12, "</title>\n      <item", "</titel>\n      <item"))),
            "XML-MALFORMED",
            "imsmanifest.xml",
            line_in(S12, "<title>Course</title>"),
        ),
        Case(
            "file-name-with-space",
            zipped(
                scorm12(
                    _replace(
                        S12, '<file href="media/logo.png"/>', '<file href="media/my%20logo.png"/>'
                    ),
                    **{"media/my logo.png": b"png"},
                )
            ),
            "LMS-FILENAME",
            "media/my logo.png",
        ),
        # SCORM 2004.
        Case(
            "dangling-sequencing-ref",
            zipped(scorm2004(_replace(S04, 'IDRef="SEQ-1"', 'IDRef="SEQ-9"'))),
            "SCORM-DANGLING-SEQUENCING-REF",
            "imsmanifest.xml",
            line_in(S04, 'IDRef="SEQ-1"'),
        ),
        Case(
            "moodle-sequencing",
            zipped(
                scorm2004(
                    _replace(
                        S04,
                        '<imsss:controlMode choice="true" flow="true"/>',
                        '<imsss:controlMode choice="true" flow="true"/>\n<imsss:limitConditions attemptLimit="1"/>',
                    )
                )
            ),
            "LMS-MOODLE-SEQUENCING",
            "imsmanifest.xml",
            line_in(S04, "<imsss:controlMode") + 1,
        ),
        Case(
            "moodle-completion-threshold",
            zipped(
                scorm2004(
                    _replace(
                        S04,
                        "<title>Lesson</title>",
                        "<title>Lesson</title><adlcp:completionThreshold>0.8</adlcp:completionThreshold>",
                    )
                )
            ),
            "LMS-MOODLE-COMPLETION-THRESHOLD",
            "imsmanifest.xml",
            line_in(S04, "<title>Lesson</title>"),
        ),
        # QTI 2.1 and 1.2.
        Case(
            "qti21-item-xsd-invalid",
            zipped(qti21(_replace(q21, ' timeDependent="false"', ""))),
            "XSD-INVALID",
            "item1.xml",
            line_in(q21, 'timeDependent="false">'),  # libxml2 counts the start tag's last line
        ),
        Case(
            "qti21-correct-not-a-choice",
            zipped(qti21(_replace(q21, "<value>B</value>", "<value>C</value>"))),
            "QTI-CORRECT-NOT-A-CHOICE",
            "item1.xml",
            line_in(q21, "<value>B</value>"),
        ),
        Case(
            "qti21-undeclared-response",
            zipped(
                qti21(
                    _replace(q21, 'responseIdentifier="RESPONSE"', 'responseIdentifier="RESPONSE2"')
                )
            ),
            "QTI-UNDECLARED-RESPONSE",
            "item1.xml",
            line_in(q21, "<choiceInteraction"),
        ),
        Case(
            "qti21-canvas-drops-interaction",
            zipped(
                qti21(
                    _replace(
                        _replace(q21, "<choiceInteraction", "<hottextInteraction"),
                        "</choiceInteraction>",
                        "</hottextInteraction>",
                    )
                )
            ),
            "LMS-CANVAS-INTERACTION",
            "item1.xml",
            line_in(q21, "<choiceInteraction"),
        ),
        Case(
            "qti12-correct-not-a-label",
            zipped(qti12(_replace(q12, '"response1">a1<', '"response1">a9<'))),
            "QTI-CORRECT-NOT-A-CHOICE",
            "quiz.xml",
            line_in(q12, "<varequal"),
        ),
        Case(
            "qti12-canvas-question-type",
            zipped(
                qti12(
                    _replace(
                        q12, "<fieldentry>multiple_choice_question", "<fieldentry>hot_spot_question"
                    )
                )
            ),
            "LMS-CANVAS-QUESTION-TYPE",
            "quiz.xml",
            line_in(q12, "<qtimetadatafield>"),
        ),
        Case(
            "qti12-duplicate-ident",
            zipped(
                qti12(
                    _replace(
                        q12,
                        "</section>",
                        q12[q12.index("      <item") : q12.index("    </section>")] + "</section>",
                    )
                )
            ),
            "QTI-DUPLICATE-IDENT",
            "quiz.xml",
            line_in(q12, "</section>"),
        ),
        Case(
            "qti21-loose-item-invalid",
            loose(_replace(q21, ' timeDependent="false"', ""), "item.xml"),
            "XSD-INVALID",
            "item.xml",
            line_in(q21, 'timeDependent="false">'),
        ),
        # Common Cartridge.
        Case(
            "cc-unknown-resource-type",
            zipped(
                {
                    "imsmanifest.xml": _replace(GOOD_CC11, 'type="webcontent"', 'type="scorm"'),
                    "index.html": "x",
                }
            ),
            "CC-UNKNOWN-RESOURCE-TYPE",
            "imsmanifest.xml",
            line_in(GOOD_CC11, "<resource "),
        ),
        Case(
            "cc13-for-moodle",
            zipped(
                {"imsmanifest.xml": GOOD_CC11.replace("imsccv1p1", "imsccv1p3"), "index.html": "x"}
            ),
            "LMS-MOODLE-CC-VERSION",
            "imsmanifest.xml",
            line_in(GOOD_CC11, "xmlns:lomimscc"),
        ),
        # cmi5.
        Case(
            "cmi5-duplicate-id",
            zipped(
                {
                    "cmi5.xml": _replace(
                        GOOD_CMI5,
                        'au id="https://example.com/course/1/au/1"',
                        'au id="https://example.com/course/1"',
                    ),
                    "lesson1/index.html": "x",
                }
            ),
            "CMI5-DUPLICATE-ID",
            "cmi5.xml",
            line_in(GOOD_CMI5, "<au "),
        ),
        Case(
            "cmi5-missing-au-file",
            zipped({"cmi5.xml": GOOD_CMI5, "lesson2/index.html": "x"}),
            "CMI5-MISSING-FILE",
            "cmi5.xml",
            line_in(GOOD_CMI5, "<url>"),
        ),
        # Moodle XML.
        Case(
            "moodle-bad-fraction",
            loose(_replace(GOOD_MOODLEXML, 'fraction="0"', 'fraction="33"'), "bank.xml"),
            "MOODLE-FRACTION",
            "bank.xml",
            line_in(GOOD_MOODLEXML, 'fraction="0"'),
        ),
        Case(
            "moodle-no-correct-answer",
            loose(_replace(GOOD_MOODLEXML, 'fraction="100"', 'fraction="0"'), "bank.xml"),
            "MOODLE-NO-CORRECT-ANSWER",
            "bank.xml",
            line_in(GOOD_MOODLEXML, "<question "),
        ),
        # Hostile archives.
        Case("zip-slip", _raw_zip(slip), "ZIP-SLIP", "../evil.txt"),
        Case("zip-absolute-path", _raw_zip(absolute), "ZIP-SLIP", "/tmp/lmsexport-evil.txt"),
        Case(
            "zip-symlink",
            _raw_zip([*_manifest_plus("x"), (_symlink_member(), b"/etc/passwd")]),
            "ZIP-SYMLINK",
            "media/passwd",
        ),
        Case("folder-symlink", _folder_with_symlink, "ZIP-SYMLINK", "secret"),
        Case("zip-duplicate-entry", _raw_zip(dup_entry), "ZIP-DUPLICATE-ENTRY", "index.html"),
        Case("zip-too-many-entries", zipped(scorm12()), "ZIP-TOO-MANY-ENTRIES", options=many),
        Case("zip-truncated", _truncated, "ZIP-CORRUPT"),
        Case("binary-file", _random_bytes("random.bin"), "INPUT-UNKNOWN-FORMAT"),
        Case("zip-lying-header", _lying_header, "ZIP-MEMBER-CORRUPT", "media/video.bin"),
        # Hostile XML.
        Case(
            "xxe", zipped(scorm12(xxe)), "XML-XXE", "imsmanifest.xml", line_in(xxe, "<!ENTITY xxe")
        ),
        Case(
            "billion-laughs",
            zipped(scorm12(laughs)),
            "XML-ENTITY-EXPANSION",
            "imsmanifest.xml",
            line_in(laughs, "<!ENTITY lol2"),
        ),
        Case(
            "billion-laughs-exponential",
            zipped(scorm12(bomb)),
            "XML-ENTITY-EXPANSION",
            "imsmanifest.xml",
            line_in(bomb, "<!ENTITY lol1"),
        ),
        Case(
            "entity-loop",
            zipped(scorm12(loop)),
            "XML-ENTITY-EXPANSION",
            "imsmanifest.xml",
            line_in(loop, "<!ENTITY a"),
        ),
        Case(
            "external-dtd",
            zipped(scorm12(dtd)),
            "XML-EXTERNAL-DTD",
            "imsmanifest.xml",
            line_in(dtd, "<!DOCTYPE"),
        ),
        Case(
            "manifest-bomb-ratio",
            zipped(scorm12(bomb_manifest())),
            "ZIP-BOMB-RATIO",
            "imsmanifest.xml",
        ),
        Case(
            "xml-too-deep",
            zipped(scorm12(too_deep())),
            "XML-TOO-DEEP",
            "imsmanifest.xml",
            line_in(S12, "<title>Course</title>"),
        ),
        Case(
            "undecodable-text",
            zipped(scorm12(bad_bytes.encode("utf-8", "surrogateescape"))),
            "XML-ENCODING",
            "imsmanifest.xml",
            line_in(S12, "<title>Course</title>"),
        ),
    ]
    return cases
