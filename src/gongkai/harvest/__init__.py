"""``gongkai harvest``: a working committee's portal gathers the catalogs (``data/index.json``)
of the department portals listed under ``harvest:`` in its site.yaml (handbook: federation.md).

``config`` reads the sources, ``fetch`` fetches one catalog over HTTP within limits, ``store``
keeps the last good copy of each and its state in ``harvest/``, ``run`` does it for every source
at once, and ``city`` turns the stored copies into what the committee's site shows.
"""
