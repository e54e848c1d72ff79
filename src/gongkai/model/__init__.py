"""The model: a portal loaded into organizations and records indexed once, and their state on a day
(handbook: contributing.md#flow).
"""
