"""mkdocs-macros entry point (``module_name: macros/main``): registers gongkai's macros."""

from gongkai.site.macros import register


def define_env(env):  # noqa: ANN001 - the mkdocs-macros contract
    register(env)
