"""Photos: from whatever staff upload to small, upright, private web images.

``inspect`` reads headers only (for ``showcase check``); ``render`` decodes once and
writes every variant; ``cache`` keeps results keyed by content and settings;
``pipeline`` runs renders in parallel through the cache.
"""
