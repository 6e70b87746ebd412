"""The one registry of settings the pipeline and the dashboard share.

Each entry is a `Setting(name, env, default, type, help)`: paths (relative
defaults are relative to the project root), the raw file and sheet names the
build reads, thresholds and page sizes of the dashboard and the notice that
marks synthetic data. A set environment variable overrides the default; that is
also how tests point the app and the pipeline at a temporary directory.

Read a setting with the accessor of its type: `setting` (paths), `setting_str`,
`setting_int` and `setting_ints` (a tuple of integers, written "1,2,5,10" in
the environment).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pipelines.errors import BuildError

PROJECT_ROOT = Path(__file__).resolve().parents[1]

SettingValue = Path | str | int | tuple[int, ...]


@dataclass(frozen=True)
class Setting:
    """One setting: its name, the environment variable that overrides it, default, type and help."""

    name: str
    env: str
    default: str | int | tuple[int, ...]
    type: type
    help: str


class SettingError(BuildError):
    """An environment variable holds a value its setting cannot take."""

    def __init__(self, entry: Setting, value: str, expected: str):
        super().__init__(entry.env, f"värdet '{value}' för inställningen {entry.name} måste vara {expected}. "
                                    f"Rätta eller ta bort miljövariabeln {entry.env}.")


SETTINGS: tuple[Setting, ...] = (
    # Paths
    Setting("raw_dir", "UTV_RAW_DIR", "data/raw", Path, "Folder with the raw source files as delivered."),
    Setting("db_path", "UTV_DB_PATH", "data/curated/utvardering.duckdb", Path,
            "The published curated DuckDB database."),
    Setting("user_dir", "UTV_USER_DIR", "data/user", Path, "Users' own work (theme corrections); never rebuilt."),
    Setting("model_dir", "UTV_MODEL_DIR", "data/model", Path, "The trained theme model written by the project itself."),
    Setting("log_dir", "UTV_LOG_DIR", "data/logs", Path,
            "Log files: details (tracebacks) of failed builds and retrainings."),
    Setting("user_store_url", "UTV_USER_STORE_URL", "", str,
            "SQLAlchemy URL of the users' store (e.g. postgresql+psycopg://user@host/db); "
            "empty: SQLite file anvandardata.sqlite in user_dir."),
    Setting("import_dir", "UTV_IMPORT_DIR", "data/imports", Path,
            "Uploaded raw files (content-addressed archive, arkiv/<sha256>) and work folders of active sets."),
    Setting("read_cache_folder", "UTV_READ_CACHE_FOLDER", "lasningscache", str,
            "Folder next to the database where the build keeps each raw file's validated frames (a cache)."),
    Setting("import_max_mb", "UTV_IMPORT_MAX_MB", 20, int, "Largest file (MB) the Dataimport page accepts."),
    # Raw files and sheets the build reads (the contract in data/raw/README.md)
    Setting("kommuner_file", "UTV_KOMMUNER_FILE", "kommuner.csv", str, "Kommun reference in the raw folder."),
    Setting("befolkning_file", "UTV_BEFOLKNING_FILE", "befolkning.csv", str,
            "Population per kommun and year in the raw folder."),
    Setting("fragekatalog_file", "UTV_FRAGEKATALOG_FILE", "fragekatalog.csv", str,
            "Question catalogue (export header → question id) in the raw folder."),
    Setting("utvarderingar_file", "UTV_UTVARDERINGAR_FILE", "utvarderingar.csv", str,
            "Which survey export belongs to which utvärdering, in the raw folder."),
    Setting("anslag_file", "UTV_ANSLAG_FILE", "kommunala_anslag.xlsx", str,
            "Workbook of kommunala anslag, one sheet per year, in the raw folder."),
    Setting("budget_file", "UTV_BUDGET_FILE", "budgetuppfoljning.xlsx", str,
            "Workbook of the monthly budget follow-up in the raw folder."),
    Setting("budget_sheet", "UTV_BUDGET_SHEET", "Uppföljning", str, "Sheet of the budget follow-up workbook."),
    Setting("befolkningsprognos_file", "UTV_BEFOLKNINGSPROGNOS_FILE", "befolkningsprognos.csv", str,
            "Population forecast per kommun and year (SCB-style) in the raw folder."),
    Setting("skattekraft_file", "UTV_SKATTEKRAFT_FILE", "skattekraft.csv", str,
            "Skattekraft (kr per invånare) per kommun and year in the raw folder."),
    Setting("utskick_file", "UTV_UTSKICK_FILE", "utskick.csv", str,
            "Optional invitation list (utvärdering, kommun, roll, antal_inbjudna) in the raw folder."),
    # Respondent pseudonyms
    Setting("respondent_secret", "UTV_RESPONDENT_SECRET", "", str,
            "Secret key of the respondent pseudonym (HMAC-SHA256 of the e-mail address); empty: a random secret "
            "generated once into user_dir/respondent_secret (permissions 0600)."),
    # Thresholds, page sizes and defaults of the dashboard
    Setting("budget_threshold_pct", "UTV_BUDGET_THRESHOLD_PCT", 2, int,
            "Default ± threshold (%) within which a budget deviation counts as 'Enligt budget'."),
    Setting("budget_threshold_choices_pct", "UTV_BUDGET_THRESHOLD_CHOICES_PCT", (1, 2, 5, 10), tuple,
            "The thresholds (%) the user can choose between on Budgetuppföljning."),
    Setting("fritext_page_size", "UTV_FRITEXT_PAGE_SIZE", 20, int, "Free-text answers per page on Fritext."),
    Setting("fritext_review_page_size", "UTV_FRITEXT_REVIEW_PAGE_SIZE", 10, int,
            "Answers per page in Fritext's review queue."),
    Setting("change_significance_pct", "UTV_CHANGE_SIGNIFICANCE_PCT", 5, int,
            "Significance level (%) of the paired sign-flip test behind every change's verdict."),
    Setting("compared_utvarderingar", "UTV_COMPARED_UTVARDERINGAR", 4, int,
            "How many utvärderingar pages show side by side: the chosen one and those just before it."),
    Setting("default_kommun", "UTV_DEFAULT_KOMMUN", "2480", str,
            "Kommunkod shown on Kommunprofil when no kommun is chosen (2480 Umeå)."),
    Setting("synthetic_notice", "UTV_SYNTHETIC_NOTICE", "syntetiska demodata", str,
            "Notice in source lines that the data is synthetic; set the variable empty for real data."),
    Setting("accessibility_contact", "UTV_ACCESSIBILITY_CONTACT", "region@regionvasterbotten.se", str,
            "E-mail address where users report accessibility problems (shown on the Tillgänglighet page)."),
    # Sign-in
    Setting("auth_roles_claim", "UTV_AUTH_ROLES_CLAIM", "roles", str,
            "ID-token claim that carries the signed-in user's roles (Entra ID app roles: `roles`)."),
    Setting("auth_role_map", "UTV_AUTH_ROLE_MAP", "lasare=lasare,granskare=granskare,administrator=administrator",
            str, "Comma-separated `claim value=role` pairs; roles: lasare, granskare, administrator."),
)

_BY_NAME = {entry.name: entry for entry in SETTINGS}


def setting_entry(name: str) -> Setting:
    """The registry entry of a setting; KeyError for an unknown name."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"Unknown setting: {name}") from None


def _parse(entry: Setting, value: str) -> SettingValue:
    """Turn an environment variable's text into the setting's type."""
    if entry.type is Path:
        return Path(value)
    if entry.type is str:
        return value
    try:
        if entry.type is int:
            return int(value)
        numbers = tuple(int(part) for part in value.split(","))
    except ValueError:
        expected = "ett heltal" if entry.type is int else "heltal åtskilda med kommatecken, till exempel 1,2,5,10"
        raise SettingError(entry, value, expected) from None
    return numbers


def _value(name: str, kind: type) -> SettingValue:
    """A setting's value of the given type, from its environment variable or its default.

    An unset variable gives the default; an empty one does too, except for text settings,
    where empty is a value (for example no synthetic-data notice).
    """
    entry = setting_entry(name)
    if entry.type is not kind:
        raise TypeError(f"Setting {name} is of type {entry.type.__name__}, not {kind.__name__}")
    value = os.environ.get(entry.env)
    if value is not None and (value or kind is str):
        return _parse(entry, value)
    if kind is Path:
        return PROJECT_ROOT / str(entry.default)
    return entry.default


def setting(name: str) -> Path:
    """Return the path for a path setting, honouring its environment variable."""
    return cast(Path, _value(name, Path))


def setting_str(name: str) -> str:
    """Return a text setting (a file or sheet name, a kommunkod, a notice)."""
    return cast(str, _value(name, str))


def setting_int(name: str) -> int:
    """Return an integer setting (a threshold in %, a page size)."""
    return cast(int, _value(name, int))


def setting_ints(name: str) -> tuple[int, ...]:
    """Return a setting that is a list of integers (a choice list)."""
    return cast(tuple[int, ...], _value(name, tuple))


SECRET_FILE = "respondent_secret"


def respondent_secret() -> bytes:
    """The secret of the respondent key: the setting, else the generated one in user_dir (made once, 0600)."""
    configured = setting_str("respondent_secret")
    if configured:
        return configured.encode()
    path = setting("user_dir") / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another build made it in the meantime
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
