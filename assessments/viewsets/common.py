"""Shared pieces of the assessments admin: listing texts, learner labels, warnings."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    QuerySet,
)
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lms.core.nip import mask_nip
from lms.users.models import User

from ..models import (
    Question,
    QuestionBank,
    QuestionType,
    Quiz,
)
from ..selectors import (
    banks_visible_to,
    quizzes_visible_to,
    short_draws,
)
from ..selectors.authoring import bank_size_label, banks_with_sizes

ASESMEN_MENU_HOOK = "register_asesmen_menu_item"


def plain(text: str, length: int = 90) -> str:
    """Question or choice text as plain text for listings (tags removed, shortened)."""
    return Truncator(strip_tags(text or "")).chars(length)


def learner_label(user: User) -> str:
    """Full name and a masked NIP: trainers identify learners without their full NIP."""
    name = user.get_full_name()
    login = mask_nip(user.nip) if user.nip else user.username
    return f"{name} ({login})" if name else login


def _choice_texts(data: dict) -> dict[str, str]:
    return {choice["id"]: plain(choice.get("text", ""), 200) for choice in data.get("choices", [])}


def format_response(question_type: str, data: dict, response) -> str:
    """A learner's response as plain text for the trainer ("—" when unanswered)."""
    if response in (None, "", [], {}):
        return "—"
    if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return _choice_texts(data).get(str(response), str(response))
    if question_type == QuestionType.MULTIPLE and isinstance(response, list):
        texts = _choice_texts(data)
        return "; ".join(texts.get(str(item), str(item)) for item in response)
    if question_type == QuestionType.MATCHING and isinstance(response, dict):
        return "; ".join(
            f"{plain(pair['prompt'], 80)} → {response.get(pair['id']) or '—'}"
            for pair in data.get("pairs", [])
        )
    return str(response)


def format_key(question_type: str, data: dict) -> str:
    """The answer key as plain text."""
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        return "; ".join(
            plain(choice.get("text", ""), 200)
            for choice in data.get("choices", [])
            if choice.get("correct")
        )
    if question_type == QuestionType.SHORT:
        return " / ".join(data.get("accepted", []))
    if question_type == QuestionType.NUMERIC:
        return f"{data.get('answer')} ± {data.get('tolerance', 0)}"
    if question_type == QuestionType.MATCHING:
        return "; ".join(
            f"{plain(pair['prompt'], 80)} → {plain(pair['answer'], 80)}"
            for pair in data.get("pairs", [])
        )
    return ""


def warn_short_draws(request, question: Question) -> None:
    draws = short_draws(question)
    if draws:
        messages.warning(
            request,
            _(
                "Bank soal ini kini berisi terlalu sedikit soal aktif untuk kuis: %(quizzes)s. "
                "Peserta tidak dapat memulai kuis tersebut sampai jumlah pengambilan soalnya "
                "dikurangi atau soal lain diaktifkan."
            )
            % {"quizzes": ", ".join(draw.quiz.title for draw in draws)},
        )


def banks_of_request(request) -> QuerySet[QuestionBank]:
    """The banks a filter offers the user, with their sizes (``bank_size_label``)."""
    if request is None:
        return QuestionBank.objects.none()
    return banks_with_sizes(banks_visible_to(request.user))


class BankChoiceField(forms.ModelChoiceField):
    """A bank offered with its whole name and size (a queryset from ``banks_with_sizes``)."""

    def label_from_instance(self, obj: QuestionBank) -> str:
        return bank_size_label(obj)


class BankFilter(django_filters.ModelChoiceFilter):
    field_class = BankChoiceField


def quizzes_of_request(request) -> QuerySet[Quiz]:
    return quizzes_visible_to(request.user) if request is not None else Quiz.objects.none()


class ScopeMixin:
    """Snippet views that look their objects up in the user's scope only (404 outside it):
    ``scope_visible(user)`` for reading views, ``scope_editable(user)`` for the editing ones
    (``editable_scope``) when the user holds ``change_permission``. A reader without that
    permission gets the visible objects, and Wagtail's own permission check then refuses
    them the view."""

    editable_scope = False
    change_permission = ""
    scope_visible = None  # staticmethod(user -> QuerySet)
    scope_editable = None  # staticmethod(user -> QuerySet)

    def scoped(self) -> QuerySet:
        user = self.request.user
        if self.editable_scope and user.has_perm(self.change_permission):
            return self.scope_editable(user)
        return self.scope_visible(user)


class ObjectScopeMixin(ScopeMixin):
    """For views that look their object up with ``get_queryset`` (edit, delete)."""

    def get_queryset(self) -> QuerySet:
        return self.scoped()


class ListingScopeMixin(ScopeMixin):
    """For listing views of one object (history, usage): ``get_queryset`` lists their rows."""

    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped()


class PlaceableChooserMixin:
    """The lesson block's chooser views (choose, results, chosen, chosen multiple): only what
    ``placeable(user)`` returns is listed or can be chosen by id, for users ``may_read``
    (anyone else: 403)."""

    placeable = None  # staticmethod(user -> QuerySet)

    def may_read(self, user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.may_read(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self) -> QuerySet:
        return self.placeable(self.request.user)

    def get_object(self, pk):
        return self.placeable(self.request.user).get(pk=pk)

    def get_objects(self, pks) -> QuerySet:
        return self.placeable(self.request.user).filter(pk__in=pks)
