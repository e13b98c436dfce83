"""Programme showcase: validated front-matter records become a Chinese static site.

Everything in this package except ``mkdocs_plugin`` is plain Python that never
imports MkDocs, so the content model outlives any one site builder.
"""
