"""Publishing tools for clerks and IT offices: init, new, migrate, codeowners, schema (handbook:
contributing.md#flow).
"""
