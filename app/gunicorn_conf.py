"""gunicorn settings of the web tier: `flask --app app serve` and tests/bench/likes.py both load this file,
so the benchmark measures what runs.

gevent workers (gevent's own WSGI server): a like is a short wait on Redis, and thousands of open
mini-program connections cost a greenlet each, not a thread. psycopg 3 (≥ 3.1.14) and redis-py
cooperate with gevent once gunicorn has patched the standard library. CPU-heavy requests (a share
poster, an upload's re-encoding, a console password check) hold their worker for their duration.
"""
import os

from gunicorn.glogging import Logger

from app.logs import REDACTED, redact, redact_query

worker_class = "app.web_worker.Worker"  # gevent's WSGI server, idle connections closed
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_connections = 2000
keepalive = 5  # seconds an idle connection stays open for the client's next tap (app/web_worker.py)
# A stopping worker lets requests in progress finish; idle connections close within `keepalive`.
# Shorter than the 15 s the run command waits for the web server before killing it.
graceful_timeout = 10


class RedactingLogger(Logger):
    """gunicorn's logger, with secrets and tokens blanked in every access-log atom (app/logs.py)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if not isinstance(value, str):
                continue
            if name in ("{authorization}i", "{cookie}i", "{http_authorization}e", "{http_cookie}e"):
                atoms[name] = REDACTED
            elif name in ("q", "{query_string}e"):
                atoms[name] = redact_query(value)
            else:
                atoms[name] = redact(value)
        return atoms


logger_class = RedactingLogger


def post_worker_init(worker):
    """Each request first lets the other ready requests of its worker run.

    A gevent socket read returns at once when the data is already there, so without this a
    connection whose next request is waiting could be served again and again while the others
    wait: under load some answers took ten times the median.
    """
    import gevent

    application = worker.wsgi

    def take_turns(environ, start_response):
        gevent.sleep(0)
        return application(environ, start_response)

    worker.wsgi = take_turns
