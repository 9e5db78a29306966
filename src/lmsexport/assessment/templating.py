"""The Jinja2 environment every QTI target renders its XML with.

One factory keeps the rules in one place: autoescape always on (QTI 1.2 puts
HTML into ``mattext`` as escaped text, QTI 2/3 put sanitised XHTML in as
``Markup``), ``StrictUndefined`` so a typo in a template fails the build instead
of writing an empty attribute, and the number format shared by every target.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined


def number(value: float) -> str:
    """Shortest exact text of ``value`` (``1`` not ``1.0``), the same on every build."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def template_env(package: str) -> Environment:
    """An environment loading ``templates/`` of the target package ``package``."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = number
    return env
