"""Package-wide LMS pitfalls: file names and sizes that importers mangle or refuse."""

from __future__ import annotations

import re

from lmsexport.validate.context import Context

# Printable ASCII without space: no spaces, control or non-ASCII characters.
_PORTABLE = re.compile(r"[!-~]*\Z")


def check_names_and_size(ctx: Context) -> None:
    """File names and a package size that LMS importers mangle or refuse, whatever the package kind."""
    for name in ctx.package.names():
        if not _PORTABLE.match(name):
            ctx.add(
                "LMS-FILENAME",
                name,
                "spaces, control and non-ASCII characters in file names break links after LMS import "
                "(URL-encoding differs between zip tools, Moodle and Canvas); rename it",
            )
    total = ctx.package.total_bytes
    if total > ctx.package.options.large_package_bytes:
        ctx.add(
            "LMS-LARGE-PACKAGE",
            "",
            f"{total // (1024 * 1024)} MiB uncompressed; many sites cap uploads well below "
            f"that (Moodle's maximum upload size, Canvas's course quota); move video out",
        )
