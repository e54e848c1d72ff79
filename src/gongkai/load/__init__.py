"""Loading: which file under data/ is what, and YAML read safely into documents with a line map
(handbook: contributing.md#flow).
"""
