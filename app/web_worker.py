"""The web worker: gunicorn's worker on gevent's WSGI server, closing connections that sit idle.

gevent's WSGI server keeps an idle keep-alive connection open for as long as the client does: idle
phones would each hold a socket, and a stopping worker would wait its whole graceful timeout for
them. Here the wait for a request's first line and headers is bounded by gunicorn's `keepalive`;
reading a body and answering are not.
"""
from gunicorn.workers.ggevent import GeventPyWSGIWorker, PyWSGIHandler


class IdleClosingHandler(PyWSGIHandler):
    idle_seconds = 5.0

    def read_requestline(self):
        # A timeout here is a socket error, on which gevent closes the connection quietly.
        self.socket.settimeout(self.idle_seconds)
        return super().read_requestline()

    def get_environ(self):
        self.socket.settimeout(None)  # the request line and headers are in
        return super().get_environ()


class Worker(GeventPyWSGIWorker):
    wsgi_handler = IdleClosingHandler

    def init_process(self):
        IdleClosingHandler.idle_seconds = float(self.cfg.keepalive)
        super().init_process()
