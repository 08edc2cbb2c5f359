"""gunicorn settings of the LMS web service (``gunicorn -c deploy/gunicorn.conf.py lms.wsgi``;
docs/deployment.md, docs/security.md "Headers and configuration").

Command-line options (deploy/systemd/lms-web.service: bind, workers, timeouts) override what
is set here. What only this file can do: gunicorn 27 writes ``Server: gunicorn`` on every
response and has no setting to turn it off (``Response.default_headers`` in
``gunicorn.http.wsgi``), so the line is dropped here, in the master before the workers fork.
The application sends no ``Server`` header of its own; nginx's is reduced by
``server_tokens off`` (deploy/nginx/lms.conf).
"""

import gunicorn.http.wsgi

wsgi_app = "lms.wsgi:application"
bind = "127.0.0.1:8000"
timeout = 60
graceful_timeout = 30

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _default_headers_without_server
