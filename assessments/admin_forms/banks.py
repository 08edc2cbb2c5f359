"""Admin form of question banks."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from lms.competencies.models import Competency


class QuestionBankForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "competency" in self.fields:
            self.fields["competency"].queryset = Competency.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.competency_id or 0)
            )
