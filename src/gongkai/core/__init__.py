"""The vocabulary every stage shares: the finding type and its messages, errors, escaping, dates, where
the package's files are (handbook: contributing.md#flow).
"""
