"""What differs between Common Cartridge 1.1 and 1.3: namespaces, resource types, schemas.

The two versions share their structure (an IMS CP 1.2 profile with LOM,
QTI 1.2 assessments, web links and discussion topics); only the names change.
Keeping every name in one :class:`Profile` lets the templates and the checks
stay version-free.  CC 1.1 is the default because it is the newest version
Moodle's course restore reads (``backup/converter/imscc11``); Canvas reads both.
CC 1.3 has no official schemas offline, so its schema kinds are ``None`` and
the target says in the build output that the cartridge was not schema-checked.
"""

from __future__ import annotations

from dataclasses import dataclass

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
"""QTI 1.2 keeps its own namespace in every CC version."""


@dataclass(frozen=True)
class Profile:
    """Names and schema kinds of one Common Cartridge version."""

    version: str
    schemaversion: str
    manifest_ns: str
    lom_manifest_ns: str
    lom_resource_ns: str
    weblink_ns: str
    discussion_ns: str
    manifest_xsd: str
    weblink_xsd: str
    discussion_xsd: str
    assessment_type: str
    weblink_type: str
    discussion_type: str
    role_source: str
    manifest_kind: str | None
    qti_kind: str | None
    weblink_kind: str | None
    discussion_kind: str | None

    @property
    def schema_checked(self) -> bool:
        """Whether official XSDs exist for this version (CC 1.3's are not published), so the build says when it could not check."""
        return self.manifest_kind is not None


CC11 = Profile(
    version="1.1",
    schemaversion="1.1.0",
    manifest_ns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
    lom_manifest_ns="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
    lom_resource_ns="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource",
    weblink_ns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
    discussion_ns="http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
    manifest_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
    weblink_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imswl_v1p1.xsd",
    discussion_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imsdt_v1p1.xsd",
    assessment_type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment",
    weblink_type="imswl_xmlv1p1",
    discussion_type="imsdt_xmlv1p1",
    role_source="IMSGLC_CC_Rolesv1p1",
    manifest_kind="cc11.manifest",
    qti_kind="cc11.qti",
    weblink_kind="cc11.weblink",
    discussion_kind="cc11.discussion",
)

CC13 = Profile(
    version="1.3",
    schemaversion="1.3.0",
    manifest_ns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
    lom_manifest_ns="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
    lom_resource_ns="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource",
    weblink_ns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
    discussion_ns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3",
    manifest_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
    weblink_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imswl_v1p3.xsd",
    discussion_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imsdt_v1p3.xsd",
    assessment_type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment",
    weblink_type="imswl_xmlv1p3",
    discussion_type="imsdt_xmlv1p3",
    role_source="IMSGLC_CC_Rolesv1p2",
    manifest_kind=None,
    qti_kind=None,
    weblink_kind=None,
    discussion_kind=None,
)

PROFILES: dict[str, Profile] = {p.version: p for p in (CC11, CC13)}
