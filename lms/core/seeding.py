"""The demo-data mechanism behind ``manage.py seed_demo``.

Each installed app may have a ``demo`` module with ``seed(context)``; the command calls them in
INSTALLED_APPS order (which is the import order, lowest first), inside one transaction, so a
higher app can build on what a lower one made. Every ``seed`` must be idempotent.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import transaction


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str


@dataclass
class DemoContext:
    accounts: list[DemoAccount] = field(default_factory=list)
    home: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def add_account(self, role: str, username: str, password: str) -> None:
        self.accounts.append(DemoAccount(role, username, password))


def demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


@transaction.atomic
def seed_demo() -> DemoContext:
    """Loads the demo data of every app. Atomic and idempotent."""
    context = DemoContext()
    for module in demo_modules():
        module.seed(context)
    return context
