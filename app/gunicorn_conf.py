"""gunicorn settings of the web tier: `flask --app app serve` and tests/bench/likes.py both load this file,
so the benchmark measures what runs.

gevent workers (gevent's own WSGI server): a like is a short wait on Redis, and thousands of open
mini-program connections cost a greenlet each, not a thread. psycopg 3 (≥ 3.1.14) and redis-py
cooperate with gevent once gunicorn has patched the standard library. CPU-heavy requests (a share
poster, an upload's re-encoding, a console password check) hold their worker for their duration.
"""
import os

worker_class = "app.web_worker.Worker"  # gevent's WSGI server, idle connections closed
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_connections = 2000
keepalive = 5  # seconds an idle connection stays open for the client's next tap (app/web_worker.py)
# A stopping worker lets requests in progress finish; idle connections close within `keepalive`.
# Shorter than the 15 s the run command waits for the web server before killing it.
graceful_timeout = 10


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
