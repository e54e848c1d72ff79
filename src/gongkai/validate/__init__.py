"""Validation: the kind registry, schemas, per-kind and cross-file checks, markings, the validation
cache and its tuning (handbook: contributing.md#flow).
"""
