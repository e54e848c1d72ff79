"""What git knows, for pull-request mode: the files changed since a revision and the portal at it
(handbook: contributing.md#flow).
"""
