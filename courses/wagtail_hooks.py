from wagtail import hooks

from .viewsets import AssignmentViewSet


@hooks.register("register_admin_viewset")
def register_assignments():
    return AssignmentViewSet()
