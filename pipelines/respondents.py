"""Who answered: a pseudonymous respondent key and the respondent's role.

The key is an HMAC-SHA256 of the normalised e-mail address (trimmed, casefolded) with a secret from the
settings registry (`respondent_secret`). When the setting is empty, a random secret is generated once into
the users' folder (user_dir/respondent_secret, permissions 0600) so the keys stay the same from build to
build. The address itself never leaves the reader. Roles are normalised through the seed
pipelines/seeds/roller.csv (what respondents wrote → förtroendevald / tjänsteperson).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import unicodedata
from pathlib import Path

from pipelines.settings import SECRET_FILE, respondent_secret  # noqa: F401 - re-exported
from pipelines.values import is_blank

ROLLER_SEED = Path(__file__).parent / "seeds" / "roller.csv"
ROLLER = ("förtroendevald", "tjänsteperson")


def normalise_email(value) -> str | None:
    """An e-mail address trimmed and casefolded; None when blank."""
    if is_blank(value):
        return None
    text = unicodedata.normalize("NFC", str(value)).strip().casefold()
    return text or None


def respondent_key(email, secret: bytes) -> str | None:
    """Hex HMAC-SHA256 of the normalised address with the secret; None without an address."""
    address = normalise_email(email)
    if address is None:
        return None
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


def role_key(value) -> str:
    """How role texts are compared: NFC, white space collapsed, casefolded."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def read_role_mapping(path: Path = ROLLER_SEED) -> dict[str, str]:
    """The seed's variants (compared by role_key) → förtroendevald / tjänsteperson."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mapping = {role_key(r["angiven"]): r["roll"].strip() for r in rows}
    unknown = sorted(set(mapping.values()) - set(ROLLER))
    if unknown:
        raise ValueError(f"{path.name}: unknown role(s) {unknown}; allowed: {ROLLER}")
    return mapping


def normalise_role(value, mapping: dict[str, str]) -> tuple[str | None, bool]:
    """(role, known): the normalised role of a written value; blank → (None, True); unmapped → (None, False)."""
    if is_blank(value):
        return None, True
    role = mapping.get(role_key(value))
    return role, role is not None


def clean_forum(value) -> str | None:
    """A forum as written, trimmed; None when blank."""
    if is_blank(value):
        return None
    return " ".join(unicodedata.normalize("NFC", str(value)).split()) or None
