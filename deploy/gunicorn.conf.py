"""gunicorn settings of the LMS web service (``gunicorn -c deploy/gunicorn.conf.py lms.wsgi``;
docs/deployment.md, docs/security.md "Headers and configuration").

Command-line options (deploy/systemd/lms-web.service: bind, workers, timeouts) override what
is set here. What only this file can do: gunicorn 27 writes ``Server: gunicorn`` on every
response and has no setting to turn it off (``Response.default_headers`` in
``gunicorn.http.wsgi``), so the line is dropped here, in the master before the workers fork.
The application sends no ``Server`` header of its own; nginx's is reduced by
``server_tokens off`` (deploy/nginx/lms.conf).

Worker model and count, chosen by measurement (docs/benchmarks.md "Worker model"; the choice in
docs/deployment.md "gunicorn"): **sync workers, 2 × cores + 1** (5 on the 2-core bench machine,
9 on the 4-vCPU VM). The application is CPU-bound Python with short waits on PostgreSQL and
Redis on the same host (a submit is about 18 ms of CPU and 5 statements); nginx buffers slow
clients, so a worker never waits on the network. Threads (``gthread``) share one interpreter
lock per process and add no CPU; they only overlap the database waits, which one more process
does as well. Measured back to back on 2 cores, twice in opposite orders (P5: 50 clients
submitting, P4: 40 autosaves a second), 5 sync workers had the lowest mean p95 in both P5 and
P4; 2 gthread workers × 4 threads the highest mean submit rate and p50 but longer tails (the
threads of a process take turns on one lock); 2, 3 and 4 sync workers were not better. The
differences are within that shared machine's noise: re-measure on the VM. More processes
than that only queue on the same cores and cost memory (about 150-200 MB each) and a
PostgreSQL connection each. ``GUNICORN_WORKERS``, ``GUNICORN_WORKER_CLASS`` and
``GUNICORN_THREADS`` (in /etc/lms/lms.env) or command-line options override it.
"""

import multiprocessing
import os

import gunicorn.http.wsgi

wsgi_app = "lms.wsgi:application"
bind = "127.0.0.1:8000"
timeout = 60
graceful_timeout = 30

# Worker model and count: see the module docstring (docs/deployment.md, docs/benchmarks.md).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _default_headers_without_server
