"""A separate process for the concurrency tests: waits for a start signal, then works on the configured store.

    python -m tests.store_worker corrections GO_FILE NAME COUNT   record COUNT corrections, one transaction each
    python -m tests.store_worker open GO_FILE                     first use of the store (migrates it)

The store is the one the environment configures (UTV_USER_DIR / UTV_USER_STORE_URL),
exactly as in the app. Prints the number of rows it wrote.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import userstore
from pipelines.settings import setting
from pipelines.themes.corrections import add_correction


def wait_for(go_file: Path, timeout_s: float = 60) -> None:
    """Spin until the test creates go_file, so that all workers start at the same moment."""
    deadline = time.monotonic() + timeout_s
    while not go_file.exists():
        if time.monotonic() > deadline:
            raise SystemExit("startsignalen kom aldrig")
        time.sleep(0.001)


def main(argv: list[str]) -> int:
    mode, go_file = argv[0], Path(argv[1])
    wait_for(go_file)
    if mode == "open":
        userstore.engine()
        print(0)
        return 0
    name, count = argv[2], int(argv[3])
    for i in range(count):
        add_correction(setting("user_dir"), f"{name}-{i}", "transporter", "lagg_till", name, anvandar_id=f"oid-{name}")
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
