"""Every failure of a build or retraining ends in a Swedish message naming what failed, exit code 1, the published
database untouched and the traceback in the log file – never on screen.

Disk full and a read-only folder are real: the build runs in its own mount namespace
(`unshare --mount`) on a small tmpfs or a read-only bind mount of the folder.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines.publish import published_file
from tests.conftest import on_tab, page_path

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(db: Path) -> tuple[str, str]:
    """What is published: the build file's name and the sha256 of its bytes."""
    target = published_file(db)
    return target.name, hashlib.sha256(target.read_bytes()).hexdigest()


def build_command(workspace: dict[str, Path]) -> str:
    return shlex.join([sys.executable, "-m", "pipelines", "--raw", str(workspace["raw"]), "--db",
                       str(workspace["db"]), "--force"])


def in_mount_namespace(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (its mounts vanish with it); as root or in a user namespace."""
    unshare = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        unshare[1:1] = ["--user", "--map-root-user"]
    probe = subprocess.run([*unshare, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"mount namespaces are not available here: {probe.stderr.decode().strip()}")
    return subprocess.run([*unshare, "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)


def assert_failed_in_swedish(result: subprocess.CompletedProcess, *phrases: str) -> None:
    """Exit 1, a Swedish message with the phrases, no traceback on screen."""
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("FEL: ")
    assert all(phrase in result.stderr for phrase in phrases), result.stderr
    assert "Den publicerade databasen är oförändrad." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def logged_traceback(workspace: dict[str, Path]) -> str:
    return (workspace["logs"] / "utvardering.log").read_text(encoding="utf-8")


def test_disk_full(workspace):
    curated = workspace["db"].parent
    size_kb = sum(p.stat().st_size for p in curated.rglob("*") if p.is_file()) // 1024 + 512  # the published file and a little
    seed = curated.with_name("seed")
    curated.rename(seed)
    curated.mkdir()
    script = (f"mount -t tmpfs -o size={size_kb}k tmpfs {shlex.quote(str(curated))} && "
              f"cp -a {shlex.quote(str(seed))}/. {shlex.quote(str(curated))}/ && "
              f"{build_command(workspace)}; code=$?; "
              f"sha256sum {shlex.quote(str(workspace['db']))} >&2; ls -A {shlex.quote(str(curated))} >&2; exit $code")
    before = fingerprint(seed / workspace["db"].name)
    result = in_mount_namespace(script)
    assert_failed_in_swedish(result, f"FEL: {curated}: disken är full. Frigör utrymme och försök igen.",
                             "Detaljer finns i loggfilen utvardering.log.")
    assert f"{before[1]}  {workspace['db']}" in result.stderr  # the published database inside, byte-identical
    lines = result.stderr.strip().splitlines()
    listing = lines[lines.index(f"{before[1]}  {workspace['db']}") + 1:]
    own = {"lasningscache", ".utvardering.duckdb.snabbkontroll.json"}  # the read cache and the quick check's record
    assert sorted(set(listing) - own) == sorted([".utvardering.duckdb.lock", before[0], "utvardering.duckdb"])  # no temp file
    assert "Traceback (most recent call last)" in logged_traceback(workspace)
    assert "No space left on device" in logged_traceback(workspace)


def test_read_only_folder(workspace):
    curated = shlex.quote(str(workspace["db"].parent))
    before = fingerprint(workspace["db"])
    result = in_mount_namespace(f"mount --bind {curated} {curated} && mount -o remount,bind,ro {curated} && "
                                f"{build_command(workspace)}")
    assert_failed_in_swedish(result, f"FEL: {workspace['db'].parent}: mappen är skrivskyddad eller programmet saknar "
                                     "skrivrätt. Ge programmet skrivrätt till mappen och försök igen.")
    assert fingerprint(workspace["db"]) == before
    assert "Read-only file system" in logged_traceback(workspace)


def test_damaged_users_store(workspace):
    workspace["user"].mkdir()
    (workspace["user"] / "anvandardata.sqlite").write_bytes(b"\x00garbage" * 4096)
    before = fingerprint(workspace["db"])
    result = subprocess.run(shlex.split(build_command(workspace)), cwd=ROOT, capture_output=True, text=True)
    assert_failed_in_swedish(result, "FEL: användarnas databas (anvandardata.sqlite): den är skadad och kan inte "
                                     "läsas. Återställ filen från en säkerhetskopia.")
    assert fingerprint(workspace["db"]) == before
    assert "DatabaseError" in logged_traceback(workspace)


def test_anything_unexpected_names_what_failed(workspace):
    model_file = workspace["model"].with_name("modell-som-fil")
    model_file.write_text("ingen mapp")
    before = fingerprint(workspace["db"])
    result = subprocess.run(shlex.split(build_command(workspace)), cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "UTV_MODEL_DIR": str(model_file)})
    assert_failed_in_swedish(result, f"FEL: {model_file}: där det ska vara en mapp finns en fil. Kontrollera sökvägen "
                                     "i inställningarna och försök igen.")
    assert fingerprint(workspace["db"]) == before
    assert "FileExistsError" in logged_traceback(workspace)


def test_retrain_failure_on_the_command_line(workspace):
    workspace["user"].mkdir()
    (workspace["user"] / "anvandardata.sqlite").write_bytes(b"\x00garbage" * 4096)
    result = subprocess.run([sys.executable, "-m", "pipelines.themes", "retrain"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("FEL: Omträningen misslyckades: användarnas databas (anvandardata.sqlite):")
    assert "Traceback" not in result.stderr


def test_first_visit_with_a_damaged_store_shows_a_swedish_message(workspace, monkeypatch):
    monkeypatch.setenv("UTV_DB_PATH", str(workspace["db"].with_name("saknas.duckdb")))
    workspace["user"].mkdir()
    (workspace["user"] / "anvandardata.sqlite").write_bytes(b"\x00garbage" * 4096)
    at = AppTest.from_file(page_path("oversikt.py"), default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Databasen kunde inte byggas: användarnas databas (anvandardata.sqlite): den är skadad och kan inte läsas. "
        "Återställ filen från en säkerhetskopia. Detaljer finns i loggfilen utvardering.log."]


def test_retrain_button_with_a_damaged_store_shows_a_swedish_message(workspace):
    workspace["user"].mkdir()
    (workspace["user"] / "anvandardata.sqlite").write_bytes(b"\x00garbage" * 4096)
    before = fingerprint(workspace["db"])
    at = on_tab(AppTest.from_file(page_path("fritext.py"), default_timeout=120), "Granska").run()
    assert any(w.value.startswith("Rättelserna kunde inte läsas: Användarnas databas (anvandardata.sqlite) är skadad")
               for w in at.warning)
    at.button(key="fritext_trana_om").click().run()
    assert not at.exception
    assert any(e.value.startswith("Omträningen misslyckades: användarnas databas \\(anvandardata\\.sqlite\\)")
               for e in at.error), [e.value for e in at.error]
    assert fingerprint(workspace["db"]) == before
