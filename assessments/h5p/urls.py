"""The sandboxed H5P player and its files, mounted at ``h5p/`` (``assessments.h5p.player``).
The paths are the ones ``assessments.h5p.storage`` hands out."""

from django.urls import path

from . import player

app_name = "h5p"

urlpatterns = [
    path("main/<str:token>/", player.player_page, name="player"),
    path("files/content/<str:token>/<path:path>", player.content_file, name="content_file"),
    path("files/libraries/<str:folder>/<path:path>", player.library_file, name="library_file"),
    path("player/<path:path>", player.player_asset, name="player_asset"),
]
