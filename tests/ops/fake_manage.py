"""Stands in for `manage.py` when a test runs `make run` for real: prints, as one JSON line, the arguments and the
address links would be built on (the environment the command would get). Tests only."""

import json
import os
import sys

line = json.dumps({"argv": sys.argv[1:], "base_url": os.environ.get("OPENBILAN_BASE_URL")}) + "\n"
os.write(1, line.encode())  # one write: the worker (in the background) and the server print at the same time
