"""Where the users' store is and how it is opened: SQLite in the user dir, or PostgreSQL by URL.

The store's URL comes from the settings registry: ``user_store_url``
(UTV_USER_STORE_URL) when set, for example
``postgresql+psycopg://utv@dbserver/anvandardata``, otherwise the SQLite file
``anvandardata.sqlite`` in ``user_dir``. SQLite runs in WAL mode with a busy
timeout, and every write transaction starts with ``BEGIN IMMEDIATE`` so that
concurrent writers queue instead of failing. The schema is migrated (Alembic,
``upgrade head``) the first time a process uses a store; several processes
starting at once migrate one after the other.

Every database error surfaces as StoreError with a Swedish message naming the store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from pipelines.settings import setting, setting_str

STORE_FILE = "anvandardata.sqlite"
BUSY_TIMEOUT_S = 30
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 7_305_209  # PostgreSQL advisory lock held while migrating ("utv" store)
_WRITE = "userstore_write"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class StoreError(Exception):
    """The users' store could not be opened, read or written. ``str()`` is a Swedish message."""

    def __init__(self, store: str, reason: str):
        super().__init__(f"Användarnas databas ({store}) {reason}")
        self.store = store
        self.reason = reason


def url_for(user_dir: Path | None = None) -> str:
    """The store's URL: the ``user_store_url`` setting, else the SQLite file in user_dir (default: the setting)."""
    configured = setting_str("user_store_url").strip()
    if configured:
        return configured
    folder = Path(user_dir) if user_dir is not None else setting("user_dir")
    return f"sqlite:///{(folder / STORE_FILE).absolute()}"


def store_name(url: str) -> str:
    """How messages name a store: the SQLite file's name, or 'PostgreSQL <database> på <host>' (never a password)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database or STORE_FILE).name
    return f"PostgreSQL {parsed.database} på {parsed.host or parsed.query.get('host') or 'localhost'}"


def _reason(error: BaseException) -> str:
    """What went wrong, in Swedish, from a database or file error."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "är skadad och kan inte läsas. Återställ filen från en säkerhetskopia."
    if "readonly" in text or "read-only" in text or "permission denied" in text or "unable to open" in text:
        return "kan inte skrivas: filen eller mappen är skrivskyddad eller saknas. Kontrollera behörigheterna."
    if "disk is full" in text or "no space" in text:
        return "kan inte skrivas: disken är full. Frigör utrymme och försök igen."
    if "locked" in text or "busy" in text:
        return "är låst av en annan process för länge. Försök igen om en stund."
    if "connection" in text or "could not translate host" in text or "timeout" in text:
        return "svarar inte. Kontrollera att databasservern är igång och att adressen (user_store_url) stämmer."
    if isinstance(error, CommandError):
        return "har en schemaversion som programmet inte känner till. Uppdatera programmet."
    return f"kunde inte användas ({type(error).__name__}). Detaljer finns i loggen."


@contextmanager
def _translated(url: str) -> Iterator[None]:
    """Turn database and file errors into StoreError naming the store."""
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, OSError, CommandError) as error:
        raise StoreError(store_name(url), _reason(error)) from error


def _sqlite_connect(dbapi_connection, _record) -> None:
    """Per connection: SQLAlchemy emits BEGIN itself (see _sqlite_begin); WAL, busy timeout, normal sync."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("pragma journal_mode = wal")
    cursor.execute("pragma synchronous = normal")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for writes (take the write lock first, waiting up to the busy timeout), BEGIN for reads."""
    connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "BEGIN")


def _create(url: str) -> Engine:
    """A new engine for the URL (SQLite: folder created, no pooling, our BEGIN handling)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest migration's revision: what a migrated store's alembic_version holds."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Upgrade the store's schema to the newest migration, holding a lock so concurrent starts take turns."""
    config = _alembic_config()
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"select pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def engine(url: str | None = None) -> Engine:
    """The process's engine for a store (default: the configured one), migrated on first use."""
    url = url or url_for()
    with _engines_lock:
        if url not in _engines:
            with _translated(url):
                created = _create(url)
                try:
                    migrate(created)
                except BaseException:
                    created.dispose()
                    raise
            _engines[url] = created
        return _engines[url]


def dispose(url: str) -> None:
    """Close the process's connections to a store and forget its engine (the next use migrates again)."""
    with _engines_lock:
        created = _engines.pop(url, None)
    if created is not None:
        created.dispose()


@contextmanager
def reading(url: str | None = None) -> Iterator[Connection]:
    """A connection for reading; errors become StoreError."""
    url = url or url_for()
    with _translated(url), engine(url).connect() as connection:
        yield connection


@contextmanager
def writing(url: str | None = None) -> Iterator[Connection]:
    """A connection in one write transaction, committed at the end (rolled back on error); errors become StoreError."""
    url = url or url_for()
    with _translated(url), engine(url).connect() as connection:
        connection = connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection
