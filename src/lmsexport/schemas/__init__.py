"""Official schema sets: discovery, verification, offline validation and install.

The public names below are what targets, the pipeline and the CLI use; the
sub-modules hold one job each (catalog, compiler, registry, install).
"""

from lmsexport.schemas.catalog import CatalogError, UnknownSchemaKind
from lmsexport.schemas.compiler import SchemaCompileError
from lmsexport.schemas.install import SchemaInstallError, install_sets
from lmsexport.schemas.registry import SchemaRegistry, SetStatus, default_cache_dir

__all__ = [
    "CatalogError",
    "SchemaCompileError",
    "SchemaInstallError",
    "SchemaRegistry",
    "SetStatus",
    "UnknownSchemaKind",
    "default_cache_dir",
    "install_sets",
]
