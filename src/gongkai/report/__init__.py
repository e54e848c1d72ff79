"""Reports: findings written as text, JSON, GitHub, JUnit, Code Quality and SARIF (handbook:
contributing.md#flow).
"""
