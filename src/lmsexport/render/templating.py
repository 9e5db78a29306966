"""The Jinja2 environment every template in the project is rendered with.

One factory keeps the safety settings in one place: autoescaping on (a quote or
``<`` in a course title can never break a page or an XML file) and
``StrictUndefined`` (a misspelt variable fails the build instead of silently
rendering as an empty string).  Each target keeps its templates beside its code
and asks for an environment over its own package.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def template_environment(package: str, folder: str = "templates") -> Environment:
    """The shared-settings environment for templates in ``package``/``folder``.

    Cached per package, so templates are compiled once per process.
    """
    return Environment(
        loader=PackageLoader(package, folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
