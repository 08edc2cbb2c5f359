"""Registers the "Kepegawaian" admin menu (OPD, Jabatan, Pegawai, Cakupan Admin OPD)."""

from wagtail import hooks

from .viewsets import KepegawaianGroup


@hooks.register("register_admin_viewset")
def register_kepegawaian() -> KepegawaianGroup:
    return KepegawaianGroup()
