"""check, the one orchestrator: load, validate, model, rules, and pull-request mode's verdict
(handbook: contributing.md#flow).
"""
