"""cmi5 course structure rules: ids unique, AU launch files present."""

from __future__ import annotations

from lmsexport.validate.context import Context, line_no


def check_cmi5(ctx: Context) -> None:
    """Unique ids in ``cmi5.xml`` and local AU launch files that exist."""
    if ctx.manifest is None:
        return
    root = ctx.xml(ctx.manifest)
    if root is None:
        return
    seen: dict[str, int] = {}
    for element in root.iter("{*}course", "{*}block", "{*}au"):
        ident = element.get("id", "")
        if ident in seen:
            ctx.add(
                "CMI5-DUPLICATE-ID",
                ctx.manifest,
                f"id '{ident}' already used on line {seen[ident]}; cmi5 ids must be unique IRIs",
                line_no(element),
            )
        seen[ident] = line_no(element)
    for url in root.iter("{*}url"):
        href = (url.text or "").strip()
        if ctx.loose or ctx.resolve(href) is None:
            continue
        ctx.check_href(href, ctx.manifest, url, missing_code="CMI5-MISSING-FILE")
