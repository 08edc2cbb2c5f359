"""Services are the only code that writes (docs/architecture.md, "The write path").

A static check over the product's source: outside a ``services.py`` module or a ``services/``
package, no code may call a model write: ``save()``, ``delete()``, ``bulk_create()``,
``bulk_update()``, ``get_or_create()``, ``update_or_create()``, a manager's or queryset's
``create()``/``update()``/``delete()``, a related manager's ``create``/``add``/``remove``/``set``/
``clear``, or Wagtail's ``add_child()``/``add_root()``/``save_revision()``/``publish()``.
Forms may build an unsaved instance (``form.save(commit=False)``), and a model's own ``save()``
may call ``super().save()``. Anything else is named in :data:`ALLOWED` with the reason.

The check reads the code as text (``ast``), so it also covers modules no test imports; it knows
the related-manager names from the loaded models, so ``quiz.draws.create(...)`` is caught.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("lms", "assessments", "courses", "certificates")

# Always a write, whatever the receiver.
ALWAYS = {
    "save", "bulk_create", "bulk_update", "get_or_create", "update_or_create",
    "add_child", "add_root", "save_revision", "publish",
}  # fmt: skip
# A write when called on a manager or a queryset (``Model.objects...``, ``qs.filter(...)``).
ON_QUERYSET = {"create", "update", "delete"}
# A write when called on a related manager (``quiz.draws.add(...)``).
ON_RELATED = {"create", "update", "delete", "add", "remove", "set", "clear"}
QUERYSET_METHODS = {
    "all", "filter", "exclude", "select_related", "prefetch_related", "order_by", "only",
    "defer", "annotate", "distinct", "select_for_update", "using", "none", "alias",
}  # fmt: skip
# Receivers of ``delete`` that are not models (the cache, a session).
NOT_MODELS = {"cache", "session", "caches"}

# (module path, method, reason): the only writes outside services.
# Every model write outside the services went (issue 9). An entry needs its reason.
ALLOWED: dict[tuple[str, str], str] = {
    ("certificates/preview.py", "save"): "Pillow's Image.save encodes the preview PNG in memory",
    ("lms/people/letters.py", "save"): "ReportLab's Canvas.save finishes the letters' PDF",
    ("lms/users/tasks.py", "save"): "Django's PasswordResetForm.save e-mails the links, no write",
}


def _related_manager_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                if field.one_to_many or field.many_to_many:
                    names.add(field.get_accessor_name())
            elif field.many_to_many and not field.auto_created:
                names.add(field.name)
    return names


def _chain(node: ast.AST) -> list[ast.AST]:
    """The receiver and everything it is built from, outermost first."""
    out = []
    while True:
        out.append(node)
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return out


def _is_queryset(receiver: ast.AST) -> bool:
    for node in _chain(receiver):
        if isinstance(node, ast.Attribute) and node.attr in {
            "objects", "_default_manager", "_base_manager",
        }:  # fmt: skip
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERYSET_METHODS
        ):
            return True
    return False


def _is_super(receiver: ast.AST) -> bool:
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Name)
        and receiver.func.id == "super"
    )


def _names_a_non_model(receiver: ast.AST) -> bool:
    last = receiver
    name = last.attr if isinstance(last, ast.Attribute) else getattr(last, "id", None)
    return name in NOT_MODELS


def writes_in(source: str, related: set[str]) -> list[tuple[int, str]]:
    """``(line, method)`` of every model write the module's code makes."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if _is_super(receiver):
            continue
        if method == "save" and any(
            k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        ):
            continue
        if (
            method in ALWAYS
            or method in ON_QUERYSET
            and _is_queryset(receiver)
            or (
                method in ON_RELATED
                and isinstance(receiver, ast.Attribute)
                and receiver.attr in related
            )
            or method == "delete"
            and not _names_a_non_model(receiver)
        ):
            found.append((node.lineno, method))
    return found


def _modules() -> list[Path]:
    out = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "services" in parts or path.name == "services.py":
                continue
            out.append(path)
    return out


def test_only_services_write_models():
    related = _related_manager_names()
    offenders = []
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        for line, method in writes_in(path.read_text(encoding="utf-8"), related):
            if (rel, method) not in ALLOWED:
                offenders.append(f"{rel}:{line} .{method}()")
    assert not offenders, (
        "Model writes outside services (call a service, or allow-list it with its reason):\n"
        + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Question.objects.create(text='x')", ["create"]),
        ("Question.objects.filter(pk=1).update(is_active=False)", ["update"]),
        ("qs.filter(pk=1).delete()", ["delete"]),
        ("record.delete()", ["delete"]),
        ("question.save(update_fields=['is_active'])", ["save"]),
        ("form.save()", ["save"]),
        ("quiz.draws.create(bank=b)", ["create"]),
        ("bank.editors.add(user)", ["add"]),
        ("parent.add_child(instance=page)", ["add_child"]),
        ("page.save_revision().publish()", ["publish", "save_revision"]),
        ("Membership.objects.bulk_create(rows)", ["bulk_create"]),
        # not writes:
        ("form.save(commit=False)", []),
        ("super().save(*args, **kwargs)", []),
        ("cache.delete('k')", []),
        ("request.session.delete()", []),
        ("levels.update({'a': 1})", []),
        ("seen.add(3)", []),
        ("Question.objects.filter(pk=1).exists()", []),
    ],
)
def test_the_check_sees_writes_and_only_writes(code, expected):
    assert sorted(m for _line, m in writes_in(code, {"draws", "editors"})) == sorted(expected)
