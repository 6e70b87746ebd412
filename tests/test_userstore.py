"""The users' store on both backends (SQLite file and a real PostgreSQL server): schema, every API, errors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, insert, text

import userstore
from userstore.database import head_revision
from tests.postgres import free_port
from userstore.database import writing
from userstore.tables import metadata, temakorrigering

T0 = datetime(2025, 10, 1, 9, 0, tzinfo=timezone.utc)


def correction(svar_id="2025-1-x", tema_id="transporter", atgard="lagg_till", minutes=0, **kw) -> userstore.Correction:
    return userstore.Correction(svar_id, tema_id, atgard, kw.pop("user_id", "oid-anna"),
                                kw.pop("user_name", "Anna Andersson"), tidpunkt=T0 + timedelta(minutes=minutes), **kw)


def test_first_use_creates_every_table_at_the_newest_migration(store_url):
    engine = userstore.engine(store_url)
    tables = set(inspect(engine).get_table_names())
    assert {"temakorrigering", "scenario", "rapportunderlag", "importlogg", "engangsimport", "importfil"} <= tables
    with engine.connect() as connection:
        assert connection.execute(text("select version_num from alembic_version")).scalar() == head_revision() == "0003"


def test_migrations_and_table_definitions_agree(store_url):
    with userstore.engine(store_url).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_sqlite_is_a_wal_file_in_the_user_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("UTV_USER_STORE_URL", raising=False)
    url = userstore.url_for(tmp_path)
    with userstore.engine(url).connect() as connection:
        assert connection.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("pragma busy_timeout").scalar() == 30_000
    assert (tmp_path / "anvandardata.sqlite").is_file()


def test_store_url_setting_wins_over_the_user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("UTV_USER_STORE_URL", "postgresql+psycopg://utv:hemligt@db.example.se/anvandardata")
    assert userstore.url_for(tmp_path) == "postgresql+psycopg://utv:hemligt@db.example.se/anvandardata"
    assert userstore.store_name(userstore.url_for(tmp_path)) == "PostgreSQL anvandardata på db.example.se"


def test_corrections_record_who_when_and_rang_in_order(store_url):
    userstore.add_corrections([correction(minutes=2, rang=1),
                               correction(tema_id="digitalisering", atgard="ta_bort", minutes=1)])
    userstore.add_corrections([correction(svar_id="2025-2-y", user_id="oid-bo", user_name="Bo Berg")])
    frame = userstore.load_corrections()
    assert frame[["svar_id", "tema_id", "atgard", "anvandar_id", "anvandare"]].values.tolist() == [
        ["2025-1-x", "transporter", "lagg_till", "oid-anna", "Anna Andersson"],
        ["2025-1-x", "digitalisering", "ta_bort", "oid-anna", "Anna Andersson"],
        ["2025-2-y", "transporter", "lagg_till", "oid-bo", "Bo Berg"]]
    assert frame["tidpunkt"].tolist()[:2] == [T0 + timedelta(minutes=2), T0 + timedelta(minutes=1)]
    assert frame["rang"].tolist()[:2] == [1, pd.NA]
    assert userstore.load_corrections(svar_id="2025-2-y")["anvandare"].tolist() == ["Bo Berg"]


def test_a_time_in_another_zone_is_kept_as_the_same_moment(store_url):
    stockholm = timezone(timedelta(hours=2))
    stored = userstore.add_corrections([userstore.Correction("1", "transporter", "lagg_till", "a", "A",
                                                             tidpunkt=datetime(2025, 10, 1, 11, 0, tzinfo=stockholm))])
    assert stored[0].tidpunkt == T0
    assert userstore.load_corrections()["tidpunkt"].iloc[0] == T0


def test_an_invalid_correction_writes_nothing(store_url):
    with pytest.raises(ValueError, match="Okänd åtgärd"):
        userstore.add_corrections([correction(), correction(atgard="andra")])
    with pytest.raises(ValueError, match="användare saknas"):
        userstore.add_corrections([correction(user_id=" ")])
    assert userstore.load_corrections().empty


def test_the_database_itself_refuses_an_unknown_action(store_url):
    row = {"svar_id": "1", "tema_id": "transporter", "atgard": "andra", "anvandar_id": "a", "anvandare": "A",
           "tidpunkt": T0}
    with pytest.raises(userstore.StoreError):
        with writing() as connection:
            connection.execute(insert(temakorrigering), [row])
    assert userstore.load_corrections().empty


def test_version_changes_with_every_correction_and_digest_follows_content(store_url):
    empty = (userstore.corrections_version(), userstore.corrections_digest())
    userstore.add_corrections([correction()])
    one = (userstore.corrections_version(), userstore.corrections_digest())
    userstore.add_corrections([correction(atgard="ta_bort", minutes=1)])
    assert empty[0] == (0, 0) and one[0] == (1, 1) and userstore.corrections_version() == (2, 2)
    assert len({empty[1], one[1], userstore.corrections_digest()}) == 3


def test_a_one_time_import_runs_once(store_url):
    assert not userstore.imported("temakorrigeringar.csv")
    assert userstore.import_corrections_once("temakorrigeringar.csv", "ab" * 32, [correction()], rejected=1)
    assert not userstore.import_corrections_once("temakorrigeringar.csv", "ab" * 32, [correction()], rejected=1)
    assert userstore.imported("temakorrigeringar.csv")
    assert len(userstore.load_corrections()) == 1


def test_scenarios_are_saved_listed_newest_first_and_deleted(store_url):
    first = userstore.save_scenario("Per invånare", {"modell": "per_invanare", "uppräkning": 0.02}, "oid-anna", "Anna")
    second = userstore.save_scenario("Fast del 30 %", {"modell": "fast_del", "fast_andel": 0.3,
                                                        "kommuner": ["2480", "2482"]}, "oid-bo", "Bo")
    listed = userstore.list_scenarios()
    assert [s["namn"] for s in listed] == ["Fast del 30 %", "Per invånare"]
    assert listed[1]["parametrar"] == {"modell": "per_invanare", "uppräkning": 0.02}
    assert (listed[0]["anvandar_id"], listed[0]["anvandare"]) == ("oid-bo", "Bo")
    assert userstore.get_scenario(second)["parametrar"]["kommuner"] == ["2480", "2482"]
    assert userstore.delete_scenario(first) and not userstore.delete_scenario(first)
    assert [s["id"] for s in userstore.list_scenarios()] == [second]


def test_a_scenario_needs_a_name_and_json_parameters(store_url):
    with pytest.raises(ValueError, match="namn"):
        userstore.save_scenario("  ", {}, "a", "A")
    with pytest.raises(ValueError, match="JSON"):
        userstore.save_scenario("X", {"när": datetime.now()}, "a", "A")


def test_each_user_has_an_ordered_basket(store_url):
    chart = {"id": "chart-1", "kind": "chart", "title": "Svarsfrekvens"}
    quote = {"id": "quote-1", "kind": "quote", "text": "Vi behöver fler bussar till Åsele."}
    assert userstore.add_basket_item("oid-anna", "Anna", chart)
    assert userstore.add_basket_item("oid-anna", "Anna", quote)
    assert not userstore.add_basket_item("oid-anna", "Anna", chart)  # already there
    assert userstore.add_basket_item("oid-bo", "Bo", quote)
    assert [i["id"] for i in userstore.basket_items("oid-anna")] == ["chart-1", "quote-1"]
    userstore.move_basket_item("oid-anna", "quote-1", 1)
    assert userstore.basket_items("oid-anna") == [quote, chart]
    assert userstore.remove_basket_item("oid-anna", "chart-1")
    assert userstore.basket_items("oid-anna") == [quote]
    assert userstore.clear_basket("oid-bo") == 1 and userstore.basket_items("oid-bo") == []


def test_import_log_records_publish_and_rollback(store_url):
    files = [{"fil": "utvardering_2025.xlsx", "sha256": "c0ffee" * 10 + "abcd", "rader": 16}]
    userstore.log_import("20251001T120000-9f3a61c2", "publicera", files, {"rader_inlasta": 1234}, "oid-adm", "Admin")
    userstore.log_import("20251001T120000-9f3a61c2", "aterstall", files, {"rader_inlasta": 1234}, "oid-adm", "Admin")
    log = userstore.import_log()
    assert [e["atgard"] for e in log] == ["aterstall", "publicera"]
    assert log[1]["filer"] == files and log[1]["antal"] == {"rader_inlasta": 1234}
    with pytest.raises(ValueError, match="Okänd åtgärd"):
        userstore.log_import("x", "radera", files, {}, "a", "A")


def test_archived_uploads_record_who_and_when_newest_first(store_url):
    from userstore.importfiles import archived_file, archived_files, record_upload

    first, second = "a" * 64, "b" * 64
    record_upload(first, "Anslag 2025.xlsx", "anslag", 1234, "oid-adm", "Admin")
    record_upload(second, "fragekatalog.csv", "fragekatalog", 99, "oid-adm", "Admin")
    record_upload(first, "Anslag igen.xlsx", "anslag", 1234, "oid-eva", "Eva")
    assert [f["filnamn"] for f in archived_files()] == ["Anslag igen.xlsx", "fragekatalog.csv", "Anslag 2025.xlsx"]
    assert archived_file(first)["anvandare"] == "Admin" and archived_file("c" * 64) is None
    assert archived_file(second)["tidpunkt"].tzinfo is not None
    with pytest.raises(ValueError, match="sha256"):
        record_upload("kort", "x.csv", "kommuner", 1, "a", "A")


def test_a_damaged_sqlite_file_gives_a_swedish_store_error(tmp_path):
    path = tmp_path / "anvandardata.sqlite"
    path.write_bytes("det här är ingen databas".encode() * 100)
    url = f"sqlite:///{path}"
    with pytest.raises(userstore.StoreError, match=r"Användarnas databas \(anvandardata\.sqlite\) är skadad"):
        userstore.load_corrections(url)


def test_an_unreachable_postgresql_gives_a_swedish_store_error():
    url = f"postgresql+psycopg://utv:hemligt@127.0.0.1:{free_port()}/anvandardata?connect_timeout=2"
    with pytest.raises(userstore.StoreError, match="svarar inte") as raised:
        userstore.load_corrections(url)
    assert "hemligt" not in str(raised.value)
