"""Run one broadcast's fan-out in its own process, slowly (a pause after each batch), so that a test can kill
it with SIGKILL mid-send: `python -m tests.broadcasts.slow_send BROADCAST_ID BATCH_SIZE PAUSE_SECONDS`.

The database and Redis come from the environment (DATABASE_URL, REDIS_URL), as for `flask worker`."""
from __future__ import annotations

import sys
import time


def main() -> None:
    broadcast_id, batch_size, pause = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    from app import create_app
    from app.services.broadcasts import fanout

    app = create_app()
    with app.app_context():
        print("started", flush=True)
        fanout.run(broadcast_id, batch_size=batch_size, after_batch=lambda _b: time.sleep(pause))


if __name__ == "__main__":
    main()
