"""The WeChat emulator served alone, with faults: `python -m tests.faults.emulator_server PORT REDIS_URL CONTROL_FILE`.

CONTROL_FILE holds JSON read on every call to WeChat's API (not the inspection endpoints the tests read):
`{}` healthy, `{"delay": 10}` every answer ten seconds late, `{"fail": true}` HTTP 503 at once.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import redis
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from app.wechat.emulator import create_emulator_app

APPS = {"wxemulatormini0001": "emulator-mini-secret", "wxemulatormp000001": "emulator-mp-secret"}
INSPECTION_PREFIXES = ("/sent", "/followers", "/subscribe/grants", "/subscribe/quota", "/subscribe/faults",
                       "/tokens/")


def with_faults(wsgi_app, control: Path):
    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(INSPECTION_PREFIXES):
            try:
                fault = json.loads(control.read_text() or "{}")
            except (OSError, ValueError):
                fault = {}
            if fault.get("delay"):
                time.sleep(float(fault["delay"]))
            if fault.get("fail"):
                return Response('{"errcode": -1, "errmsg": "system error"}', status=503,
                                content_type="application/json")(environ, start_response)
        return wsgi_app(environ, start_response)

    return app


def main() -> None:
    port, redis_url, control = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    emulator = create_emulator_app(redis.Redis.from_url(redis_url), APPS)
    server = make_server("127.0.0.1", port, with_faults(emulator, control), threaded=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
