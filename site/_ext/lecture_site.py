"""Sphinx extension of the lecture site.

1. MathJax on every page (Sphinx adds it only to pages that have math of their own,
   but the navigation shows the notebooks' titles, and one of them has math);
2. a notebook figure's alt text becomes the ``<img alt>`` of the site.
   ``adamtheory.plotting.show(fig, alt=...)`` stores the description in the output's
   metadata, ``{"image/png": {"alt": "..."}}`` (what JupyterLab and nbconvert read).
   MyST-NB copies only ``width`` and ``height`` from there; its ``alt`` comes from the
   cell's ``mystnb.image.alt`` metadata, one value for every image of the cell. This
   extension wraps MyST-NB's image renderer so that the output's own ``alt`` is used
   (the cell-level option still wins where a notebook sets one).
"""

from __future__ import annotations

from myst_nb.core.render import NbElementRenderer

_WRAPPED = "_adamtheory_alt_text"


def alt_from_metadata(output_metadata, mime_type: str) -> str | None:
    """The alt text stored for ``mime_type`` in an output's metadata, or None."""
    entry = (output_metadata or {}).get(mime_type)
    if not isinstance(entry, dict):
        return None
    alt = entry.get("alt")
    return alt.strip() if isinstance(alt, str) and alt.strip() else None


def _with_alt(render):
    def render_with_alt(self, data):
        nodes = render(self, data)
        alt = alt_from_metadata(data.output_metadata, data.mime_type)
        if alt:
            for node in nodes:
                if node.tagname == "image" and not node.get("alt"):
                    node["alt"] = alt
        return nodes

    setattr(render_with_alt, _WRAPPED, True)
    return render_with_alt


def setup(app):
    app.set_html_assets_policy("always")
    for name in ("render_image", "render_image_inline"):
        render = getattr(NbElementRenderer, name)
        if not getattr(render, _WRAPPED, False):
            setattr(NbElementRenderer, name, _with_alt(render))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
