"""Wagtail admin of the assessments app: the "Asesmen" menu.

* **Bank soal**: banks per competency and level, with their number of active questions.
* **Soal**: questions, filtered by bank, type, competency, level and state, searched in the text
  of their current version. "Tambah soal" first asks for the question type, then shows the
  form of that type. Saving goes through ``services.questions.question_save``: a changed
  question gets a new version and attempts keep the version they showed. A question used in
  an attempt is never deleted (its versions are protected): it is deactivated instead.
* **Kuis** (a snippet, so ``QuizBlock``'s chooser works): rules, draws per bank and placement
  bands in one form (``admin_forms.QuizForm``, saved by ``services.quizzes.quiz_save``), and
  the "Statistik butir" page of each quiz.
* **Percobaan**: learner records, read-only (list and inspect; no add, edit or delete route).
* **Aktivitas H5P** (a snippet, so the lesson block's H5P chooser works) and **Pustaka H5P**
  (``viewsets.h5p``): packages come in through the import screen (kind ``h5p``); the list, the
  title form, the inspect page with its client-reported results, and the libraries with
  "Nonaktifkan"/"Aktifkan".

Permissions are Django model permissions (migration ``0002_trainer_permissions``): Pengajar
maintains banks, questions and quizzes and reads attempts; BKPSDM reads everything. On top of
them the authoring scope of ``selectors`` (docs/security.md): a Pengajar lists, opens, edits,
chooses and draws from only their own quizzes and banks, those of the courses they author and
the banks BKPSDM shared with them ("Akses pengajar" of a bank); questions follow their bank and
attempts their quiz. Anything outside the scope is a 404 in every view, and absent from
listings, filters, the quiz chooser of the lesson block and the draw form. Learner names are
shown with a masked NIP (docs/quality.md R5: trainers do not need the full NIP).

Other apps add items to the menu through the ``ASESMEN_MENU_HOOK`` hook (e.g. the question
import screen).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .attempts import AttemptViewSet
from .banks import QuestionBankViewSet
from .common import ASESMEN_MENU_HOOK
from .h5p import H5PLibraryViewSet, H5PPackageViewSet
from .questions import QuestionViewSet
from .quizzes import QuizViewSet

__all__ = ["ASESMEN_MENU_HOOK", "AsesmenGroup"]


class AsesmenGroup(SnippetViewSetGroup):
    menu_label = _("Asesmen")
    menu_name = "asesmen"
    menu_icon = "form"
    menu_order = 230
    submenu_hook = ASESMEN_MENU_HOOK
    items = (
        QuestionBankViewSet,
        QuestionViewSet,
        QuizViewSet,
        AttemptViewSet,
        H5PPackageViewSet,
        H5PLibraryViewSet,
    )
