"""Find the optional per-domain hook modules (`demo`, `reference`, `export`, `retention`) in INSTALLED_APPS order."""

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def domain_modules(name: str) -> Iterator[ModuleType]:
    """Yield `openbilan.<domain>.<name>` for every installed OpenBilan domain that has one."""
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.{name}"
        if app_config.name.startswith("openbilan.") and importlib.util.find_spec(module_name):
            yield importlib.import_module(module_name)
