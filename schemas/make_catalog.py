#!/usr/bin/env python3
"""Regenerate ``schemas/catalog.json`` from an offline schema library folder.

Usage: ``python schemas/make_catalog.py LIBRARY [OUTPUT]`` (OUTPUT defaults to the
``catalog.json`` beside this script).

The official XSDs must never enter this repository, yet lmsexport has to know
which files make a trustworthy set and how to compile each document kind.  This
script is the single place where that knowledge is written down (the tables
below); it adds the SHA-256 of every file found in LIBRARY so ``schemas install``
and the registry can prove a set is the one we tested against.  Output is sorted
and has no timestamps, so re-running it on the same library gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

FORMAT = 1

NS_SCORM12_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_SCORM12_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS_IMSMD12 = "http://www.imsglobal.org/xsd/imsmd_v1p2"

SCORM2004_MANIFEST: dict[str, Any] = {
    "method": "xsd-driver",
    "imports": {
        NS_IMSCP: "imscp_v1p1.xsd",
        "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}


def xsd(root: str) -> dict[str, Any]:
    return {"method": "xsd", "root": root}


# Set descriptions and document kinds.  A kind's method is ``xsd`` (one root file),
# ``xsd-driver`` (an in-memory schema importing one file per namespace, for
# documents that mix namespaces) or ``dtd-stripped`` (DTD validation of a copy
# with namespaces removed, for QTI 1.2 whose normative binding is a DTD).
SETS: dict[str, dict[str, Any]] = {
    "canvas": {
        "description": "Canvas export extension cccv1p0 (upstream file is not valid XSD; kept for reference)",
        "kinds": {},
    },
    "cc11": {
        "description": "IMS Common Cartridge 1.1 (manifest, QTI profile, web links, discussions, LTI)",
        "kinds": {
            "cc11.manifest": {
                "method": "xsd-driver",
                "imports": {
                    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": "ccv1p1_imscp_v1p2_v1p0.xsd",
                    "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest": "ccv1p1_lommanifest_v1p0.xsd",
                    "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource": "ccv1p1_lomresource_v1p0.xsd",
                    "http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1": "ccv1p1_imsccauth_v1p1.xsd",
                },
            },
            "cc11.qti": xsd("ccv1p1_qtiasiv1p2p1_v1p0.xsd"),
            "cc11.weblink": xsd("ccv1p1_imswl_v1p1.xsd"),
            "cc11.discussion": xsd("ccv1p1_imsdt_v1p1.xsd"),
        },
    },
    "cmi5": {
        "description": "cmi5 course structure (cmi5.xml)",
        "kinds": {"cmi5.course": xsd("CourseStructure.xsd")},
    },
    "lom": {
        "description": "IEEE LOM XML binding (strict vocabularies), as used by SCORM 2004 metadata",
        "kinds": {"lom": xsd("lom.xsd")},
    },
    "qti12": {
        "description": "IMS QTI 1.2.1 (normative DTD) and its IMS CP 1.1 package manifest",
        "kinds": {
            "qti12.assessment": {"method": "dtd-stripped", "root": "ims_qtiasiv1p2p1.dtd"},
            "qti12.manifest": {
                "method": "xsd-driver",
                "imports": {NS_IMSCP: "imscp_v1p1.xsd", NS_IMSMD12: "imsmd_v1p2p4.xsd"},
            },
        },
    },
    "qti21": {
        "description": "IMS QTI 2.1 items, tests and package manifest",
        "kinds": {
            "qti21.item": xsd("imsqti_v2p1.xsd"),
            "qti21.test": xsd("imsqti_v2p1.xsd"),
            "qti21.manifest": {
                "method": "xsd-driver",
                "imports": {
                    NS_IMSCP: "imscp_v1p1.xsd",
                    NS_IMSMD12: "imsmd_v1p2p4.xsd",
                    "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1": "imsqti_metadata_v2p1.xsd",
                },
            },
        },
    },
    "qti22": {
        "description": "IMS QTI 2.2 items, tests and package manifest",
        "kinds": {
            "qti22.item": xsd("qtiv2p2/imsqti_v2p2.xsd"),
            "qti22.manifest": xsd("qtiv2p2/qtiv2p2_imscpv1p2_v1p0.xsd"),
        },
    },
    "qti30": {
        "description": "IMS QTI 3.0 package manifest (the base ASI XSD is not available)",
        "kinds": {"qti30.manifest": xsd("qtiv3p0/imsqtiv3p0_imscpv1p2_v1p0.xsd")},
    },
    "scorm12": {
        "description": "ADL SCORM 1.2 content packaging",
        "kinds": {
            "scorm12.manifest": {
                "method": "xsd-driver",
                "imports": {
                    NS_SCORM12_CP: "imscp_rootv1p1p2.xsd",
                    NS_SCORM12_ADLCP: "adlcp_rootv1p2.xsd",
                },
            }
        },
        # ims_xml.xsd binds the default namespace to the XML namespace (illegal), so
        # the compiler loads the W3C xml.xsd in its place; the package still ships it.
        "substitutes": {"ims_xml.xsd": "xml.xsd"},
        "control_files": {
            name: f"scorm12/{name}"
            for name in (
                "imscp_rootv1p1p2.xsd",
                "adlcp_rootv1p2.xsd",
                "imsmd_rootv1p2p1.xsd",
                "ims_xml.xsd",
            )
        },
    },
    "scorm2004-3rd": {
        "description": "ADL SCORM 2004 3rd Edition content packaging, sequencing and navigation",
        "kinds": {"scorm2004-3rd.manifest": SCORM2004_MANIFEST},
    },
    "scorm2004-4th": {
        "description": "ADL SCORM 2004 4th Edition content packaging, sequencing and navigation",
        "kinds": {"scorm2004-4th.manifest": SCORM2004_MANIFEST},
    },
}

# SCORM 2004 packages carry the ADL schemas at their root, LOM binding included
# (lom.xsd and its common/, extend/, unique/, vocab/ folders), as ADL's own
# packages do; the LOM files come from the ``lom`` set.
SCORM2004_LOM_FOLDERS = ("common/", "extend/", "unique/", "vocab/")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_files(folder: Path) -> dict[str, str]:
    """``{relative posix path: sha256}`` of every file in a set folder, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): sha256(p) for p in files}


def scorm2004_control_files(
    name: str, files: dict[str, str], lom: dict[str, str]
) -> dict[str, str]:
    members = {rel: f"{name}/{rel}" for rel in files if rel != "catalog.xml"}
    for rel in lom:
        if rel == "lom.xsd" or rel.startswith(SCORM2004_LOM_FOLDERS):
            members[rel] = f"lom/{rel}"
    return dict(sorted(members.items()))


def build_catalog(library: Path) -> dict[str, Any]:
    found = sorted(p.name for p in library.iterdir() if (p / "catalog.xml").is_file())
    unknown = sorted(set(found) - set(SETS))
    if unknown:
        raise SystemExit(f"sets without a definition in {__file__}: {', '.join(unknown)}")
    files = {name: set_files(library / name) for name in found}
    sets: dict[str, Any] = {}
    for name in found:
        spec = SETS[name]
        control = spec.get("control_files", {})
        if name.startswith("scorm2004-"):
            control = scorm2004_control_files(name, files[name], files.get("lom", {}))
        sets[name] = {
            "description": spec["description"],
            "files": files[name],
            "kinds": spec["kinds"],
            "substitutes": spec.get("substitutes", {}),
            "control_files": control,
        }
    return {"format": FORMAT, "sets": sets}


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    library = Path(argv[0])
    output = Path(argv[1]) if len(argv) == 2 else Path(__file__).with_name("catalog.json")
    text = json.dumps(build_catalog(library), indent=2, sort_keys=True) + "\n"
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
