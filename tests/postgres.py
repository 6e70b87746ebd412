"""A real PostgreSQL server for the tests, started from Debian's postgresql package in a temporary folder.

``initdb`` + ``pg_ctl`` with data, socket and log in a fresh temporary directory,
listening on 127.0.0.1 on a free port, trust authentication, stopped (and the
folder removed) afterwards. initdb refuses to run as root, so as root the server
runs as the unprivileged user ``nobody`` (``runuser``). `make test` installs the
package when it is missing; without it the tests fail with a message saying so.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SERVER_USER = "nobody"
SUPERUSER = "postgres"


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL saknas: installera Debians paket postgresql (make test gör det).")
    return Path(found[-1]).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    """Run as the unprivileged server user when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    """A running throw-away server; new_database() gives each test its own database."""

    root: Path
    port: int
    bin_dir: Path
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def admin(self) -> psycopg.Connection:
        """An autocommit connection to the maintenance database."""
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True)

    def new_database(self) -> str:
        """Create an empty database; return its SQLAlchemy URL."""
        name = f"test_{os.getpid()}_{next(self._counter)}"
        with self.admin() as connection:
            connection.execute(f'create database "{name}"')
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{name}"

    def drop_database(self, url: str) -> None:
        """Drop a database made by new_database (closing its connections)."""
        name = url.rsplit("/", 1)[1]
        with self.admin() as connection:
            connection.execute(f'drop database if exists "{name}" with (force)')

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        subprocess.run(_as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                                        "-w", "stop"]), capture_output=True, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PostgresServer:
    """initdb into a new temporary folder and start the server on a free local port."""
    bin_dir = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="utv-pg-"))
    (root / "sock").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
        shutil.chown(root / "sock", SERVER_USER)
    server = PostgresServer(root, free_port(), bin_dir)
    subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(server.data_dir), "-A", "trust", "-U", SUPERUSER,
                                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]), capture_output=True, check=True)
    options = (f"-p {server.port} -k {root / 'sock'} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    started = subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(server.data_dir), "-l",
                                              str(root / "server.log"), "-o", options, "-w", "start"]),
                             capture_output=True, text=True, check=False)
    if started.returncode != 0:
        log = (root / "server.log").read_text(errors="replace") if (root / "server.log").exists() else ""
        server.stop()
        raise RuntimeError(f"PostgreSQL startade inte: {started.stdout}{started.stderr}{log}")
    return server
