"""Form actions that survive an expired session (issue 13, item 2).

A button such as "Tandai selesai dan lanjut" posts to an action URL that only takes POST. When
the session has expired, ``login_required`` sent the learner to the login page with that action
URL as ``next``; after logging in the browser asked for it with GET and got a bare 405. With
:func:`post_action` instead of ``@login_required`` + ``@require_POST``:

- a POST by a logged-in user runs the view;
- a POST or GET by an anonymous user (the session ended) goes to the login page with ``next``
  set to the page the action belongs to, never to the action URL, and a note in the (new,
  anonymous) session; the login view hands the note to :func:`resume_note_deliver`, so the
  page opens with "Sesi Anda berakhir; tekan “…” sekali lagi." The action is offered again,
  not repeated behind the learner's back (they see the page first);
- a GET by a logged-in user (an old ``next`` link, a bookmark, the back button) goes to that
  page with the same message instead of a 405;
- any other method is a 405.

``back(request, *args, **kwargs)`` receives the view's URL arguments and returns the URL of
the page (a path on this site); it may raise ``Http404``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

RESUME_NOTE_KEY = "lms_resume_note"


def _again(label: str) -> str:
    return _("Sesi Anda berakhir; tekan “%(action)s” sekali lagi.") % {"action": label}


def post_action(
    back: Callable[..., str], *, label: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Replaces ``@login_required`` and ``@require_POST`` on a form action of a page; ``label``
    is the button's text (a ``gettext_lazy`` string: translated at request time)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            authenticated = request.user.is_authenticated
            if request.method == "POST" and authenticated:
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD", "POST"):
                return HttpResponseNotAllowed(["POST"])
            url = back(request, *args, **kwargs)
            message = _again(str(label))
            if authenticated:
                messages.info(request, message)
                return redirect(url)
            request.session[RESUME_NOTE_KEY] = {"url": url, "message": message}
            return redirect_to_login(url)

        return wrapper

    return decorator


def resume_note_deliver(request: HttpRequest, target: str) -> None:
    """Called right after a login that redirects to ``target``: the note left by
    :func:`post_action` becomes a message when the learner is sent back to its page. The note
    is removed either way (a stale one never shows up on a later login)."""
    note = request.session.pop(RESUME_NOTE_KEY, None)
    if not isinstance(note, dict) or not isinstance(note.get("message"), str):
        return
    if urlsplit(str(note.get("url", ""))).path == urlsplit(target).path:
        messages.info(request, note["message"])
