"""Stands in for `manage.py` when a test runs `make run` for real: prints, as one JSON line, the arguments and the
address links would be built on (the environment the command would get). Tests only.

`make run` starts the worker in the background and stops it when the server ends; the stand-in server returns at
once, so on a busy machine it could end before the worker had printed anything. With FAKE_MANAGE_READY set, the
worker stand-in touches that file once it has printed, and the server stand-in waits for it (30 s at most)."""

import json
import os
import sys
import time
from pathlib import Path

line = json.dumps({"argv": sys.argv[1:], "base_url": os.environ.get("SITE_URL")}) + "\n"
os.write(1, line.encode())  # one write: the worker (in the background) and the server print at the same time

ready = os.environ.get("FAKE_MANAGE_READY")
if ready and sys.argv[1:2] == ["db_worker"]:
    Path(ready).touch()
elif ready and sys.argv[1:2] == ["runserver"]:
    deadline = time.monotonic() + 30
    while not Path(ready).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
