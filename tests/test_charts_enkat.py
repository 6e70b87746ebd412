"""Chart builders and page texts of the enkät, on small hand-made DataFrames (through to_dict())."""

import pandas as pd
import pytest

from dashboard import charts, tables, texts
from dashboard.charts.common import LIKERT_ORDER

NBSP = "\u00a0"


def dataset(spec: dict, column: str) -> list[dict]:
    """The rows of the first inline dataset that has `column`."""
    return next(rows for rows in spec["datasets"].values() if rows and column in rows[0])


def layers(spec: dict) -> list[dict]:
    """Every unit spec in a (possibly nested) layer/concat/facet spec."""
    found, stack = [], [spec]
    while stack:
        node = stack.pop()
        for key in ("layer", "hconcat", "vconcat"):
            stack.extend(node.get(key, []))
        if "spec" in node:
            stack.append(node["spec"])
        if "mark" in node:
            found.append(node)
    return found


def mark_type(unit: dict) -> str:
    return unit["mark"]["type"] if isinstance(unit["mark"], dict) else unit["mark"]


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def inskick() -> pd.DataFrame:
    ts = pd.to_datetime
    return pd.DataFrame({
        "kommunkod": ["2401", "2404", "2404", "2425", "2422"],
        "kommun": ["Nordmaling", "Vindeln", "Vindeln", "Dorotea", "Sorsele"],
        "sluttid": [ts("2025-09-16 09:05"), ts("2025-09-22 10:40"), ts("2025-10-06 15:55"),
                    ts("2025-10-20 14:12"), pd.NaT],
        "status": ["I tid", "Ersatt av senare svar", "I tid", "Efter sista svarsdag", "Inget svar inkommet"],
        "antal_inskick": [1, 2, 2, 1, 0],
        "ordning": [1, 2, 2, 3, 4],
        "oppnade": [ts("2025-09-15")] * 5,
        "svarsdag_slut": [ts("2025-10-10 23:59:59")] * 5,
    })


def test_svarstider_deadline_rule_status_and_missing():
    spec = charts.svarstider(inskick()).to_dict()
    units = layers(spec)
    assert [mark_type(u) for u in units].count("rule") == 1
    points = next(u for u in units if mark_type(u) == "point")
    assert points["encoding"]["y"]["sort"] == ["Nordmaling", "Vindeln", "Dorotea", "Sorsele"]
    assert points["encoding"]["color"]["scale"]["domain"] == list(charts.INSKICK_STATUS)
    assert points["encoding"]["x"]["axis"]["format"] == "%-d %b"
    assert points["encoding"]["x"]["title"] == "Svar inskickat"
    texts = [u for u in units if mark_type(u) == "text"]
    assert any(u["encoding"]["text"].get("field") == "svar_text" for u in texts)
    assert [r["svar_text"] for r in dataset(spec, "svar_text")] == ["Inget svar inkommet"]


def test_svarstider_without_missing_has_no_missing_text():
    df = inskick()
    units = layers(charts.svarstider(df[df.sluttid.notna()]).to_dict())
    assert not any(u["encoding"].get("text", {}).get("field") == "svar_text" for u in units)


def test_svarstider_answer_with_unknown_time_is_not_shown_as_missing():
    df = inskick()
    df.loc[0, ["sluttid", "status"]] = [pd.NaT, "Tidpunkt okänd"]
    spec = charts.svarstider(df).to_dict()
    shown = {r["kommun"]: r["svar_text"] for r in dataset(spec, "svar_text")}
    assert shown == {"Nordmaling": "Svar inkommet, tidpunkt okänd", "Sorsele": "Inget svar inkommet"}


def fordelning() -> pd.DataFrame:
    labels = LIKERT_ORDER
    return pd.DataFrame({
        "fraga_id": ["syfte_1"] * 6,
        "kort_text": ["Syfte 1"] * 6,
        "ordning": [12] * 6,
        "svar": labels,
        "varde": [1, 2, 3, 4, 5, None],
        "antal": [1, 2, 4, 2, 1, 3],
        "andel": [0.1, 0.2, 0.4, 0.2, 0.1, None],
        "andel_alla": [1 / 13, 2 / 13, 4 / 13, 2 / 13, 1 / 13, 3 / 13],
    })


def test_likert_diverging_centres_the_neutral_answer():
    spec = charts.likert_diverging(fordelning()).to_dict()
    segments = {row["svar"]: (row["start"], row["slut"]) for row in dataset(spec, "start")}
    assert segments["Instämmer inte alls"][0] == pytest.approx(-0.5)
    assert segments["Instämmer delvis"] == pytest.approx((-0.2, 0.2))
    assert segments["Instämmer helt"][1] == pytest.approx(0.5)
    assert "Vet ej" not in segments


def test_likert_diverging_shows_vet_ej_separately():
    spec = charts.likert_diverging(fordelning()).to_dict()
    left, right = spec["hconcat"]
    bars = left["layer"][0]["encoding"]
    assert bars["color"]["scale"]["domain"] == LIKERT_ORDER[:5]
    assert bars["x"]["axis"]["format"] == "%"
    assert "abs(datum.value)" in bars["x"]["axis"]["labelExpr"]
    vet_ej = right["layer"][0]
    assert vet_ej["encoding"]["x"]["title"] == "Vet ej (andel av alla svar)"
    assert vet_ej["encoding"]["x"]["field"] == "andel_alla"
    assert vet_ej["encoding"]["x"]["axis"]["format"] == ".0%"
    assert vet_ej["mark"]["color"] == "#9e9e9e"
    rows = next(r for r in spec["datasets"].values() if r and r[0].get("svar") == "Vet ej")
    assert rows[0]["antal"] == 3


def test_vet_ej_panel_is_drawn_at_the_main_charts_scale():
    """3 Vet ej of 13 answers (23 %) on a 0–25 % axis half as wide per per cent as the −100…100 % axis: one
    Vet ej answer never looks like a full bar."""
    left, right = charts.likert_diverging(fordelning()).to_dict()["hconcat"]
    assert right["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 0.25]
    pixels_per_unit_main = left["width"] / 2
    assert right["width"] / 0.25 == pytest.approx(pixels_per_unit_main)


@pytest.mark.parametrize(("shares", "top"), [([0.0], 0.25), ([1 / 13], 0.25), ([0.25], 0.25), ([0.26], 0.5),
                                             ([0.1, 0.8], 1.0), ([], 0.25)])
def test_vet_ej_axis_ends_at_the_largest_share_rounded_up_to_a_quarter(shares, top):
    assert charts.enkat.vet_ej_domain(pd.Series(shares, dtype=float)) == top


def per_kommun() -> pd.DataFrame:
    return pd.DataFrame({
        "kommunkod": ["2480", "2480", "2401", "2401"],
        "kommun": ["Umeå", "Umeå", "Nordmaling", "Nordmaling"],
        "fraga_id": ["syfte_2", "syfte_1", "syfte_2", "syfte_1"],
        "kort_text": ["Syfte 2", "Syfte 1", "Syfte 2", "Syfte 1"],
        "ordning": [14, 12, 14, 12],
        "svar": ["Instämmer helt", "Vet ej", "Instämmer delvis", "Instämmer i liten grad"],
        "varde": [5, None, 3, 2],
        "vet_ej": [False, True, False, False],
    })


def test_likert_heatmap_orders_and_colours():
    spec = charts.likert_heatmap(per_kommun()).to_dict()
    rect, text = spec["layer"]
    assert rect["encoding"]["color"]["scale"]["domain"] == LIKERT_ORDER + charts.MISSING_ANSWERS  # grey shades
    x_sort = (spec.get("encoding") or rect["encoding"])["x"]["sort"]
    y_sort = (spec.get("encoding") or rect["encoding"])["y"]["sort"]
    assert x_sort == ["Nordmaling", "Umeå"] and y_sort == ["Syfte 1", "Syfte 2"]
    labels = {(r["kommun"], r["kort_text"]): r["etikett"] for r in next(iter(spec["datasets"].values()))}
    assert labels[("Umeå", "Syfte 1")] in ("2", "VE") and set(labels.values()) == {"5", "VE", "3", "2"}
    assert text["encoding"]["text"]["field"] == "etikett"  # every cell says its answer, not colour alone


def jamforelse() -> pd.DataFrame:
    return pd.DataFrame({
        "utvardering": [2024, 2025, 2024, 2025],
        "fraga_id": ["syfte_1", "syfte_1", "syfte_2", "syfte_2"],
        "kort_text": ["Syfte 1", "Syfte 1", "Syfte 2", "Syfte 2"],
        "ordning": [12, 12, 14, 14],
        "medel": [3.6, 3.4, 3.0, 3.8],
        "andel_positiv": [0.6, 0.4, 0.3, 0.7],
        "antal_vet_ej": [1, 0, 1, 3],
        "forandring": [None, -0.2, None, 0.8],
    })


def test_likert_forandring_dumbbell():
    spec = charts.likert_forandring(jamforelse()).to_dict()
    rule, dots = spec["layer"]
    assert mark_type(rule) == "rule" and rule["encoding"]["x"]["aggregate"] == "min"
    assert dots["encoding"]["x"]["scale"]["domain"] == [1, 5]
    assert dots["encoding"]["x"]["axis"]["format"] == ".1f"
    assert dots["encoding"]["color"]["scale"]["domain"] == ["2024", "2025"]
    tooltip = {t["title"]: t.get("format") for t in dots["encoding"]["tooltip"]}
    assert tooltip["Förändring"] == "+.1f" and tooltip["Andel positiva (4–5)"] == ".0%"


def kommun_df() -> pd.DataFrame:
    return pd.DataFrame({
        "utvardering": [2024, 2025, 2024, 2025],
        "fraga_id": ["syfte_1", "syfte_1", "org_samrad", "org_samrad"],
        "kort_text": ["Syfte 1", "Syfte 1", "Samrådet", "Samrådet"],
        "grupp": ["syfte", "syfte", "organisation", "organisation"],
        "ordning": [12, 12, 22, 22],
        "svar": [None, "Instämmer helt", None, "Vet ej"],
        "varde": pd.array([None, 5, None, None], dtype="Int64"),
        "lan_medel": [3.6, 3.4, 3.3, 3.5],
        "skillnad": [None, 1.6, None, None],
    })


def test_kommun_mot_lanet_one_view_that_reflows_with_a_row_per_utvardering():
    spec = charts.kommun_mot_lanet(kommun_df(), "Sorsele").to_dict()
    assert "facet" not in spec and spec["width"] == "container"
    assert {r["rad"] for r in dataset(spec, "serie")} == {"Syfte 1 · 2024", "Syfte 1 · 2025", "Samrådet · 2024",
                                                          "Samrådet · 2025"}
    dots = next(u for u in layers(spec) if mark_type(u) == "point")
    assert dots["encoding"]["color"]["scale"]["domain"] == ["Sorsele", "Länets medel"]
    rows = dataset(spec, "serie")
    assert len(rows) == 8
    assert {r["svar"] for r in rows if r["serie"] == "Sorsele" and r["utvardering"] == 2024} == {
        "Inget svar inkommet"}


@pytest.mark.parametrize(("kommun", "title"), [("Sorsele", "Sorseles svar"), ("Vännäs", "Vännäs svar")])
def test_kommun_mot_lanet_tooltip_names_the_kommuns_answer(kommun, title):
    dots = next(u for u in layers(charts.kommun_mot_lanet(kommun_df(), kommun).to_dict()) if mark_type(u) == "point")
    assert {"field": "svar", "type": "nominal", "title": title} in dots["encoding"]["tooltip"]


# --------------------------------------------------------------------------
# Texts and tables
# --------------------------------------------------------------------------


def svarslage(saknas="", sena="", flera="", utv=2025, svarande=15) -> pd.DataFrame:
    return pd.DataFrame([{
        "utvardering": utv, "antal_svarande": svarande, "antal_kommuner": 15, "svarsfrekvens": svarande / 15,
        "oppnade": pd.Timestamp(f"{utv}-09-15"), "sista_svarsdag": pd.Timestamp(f"{utv}-10-10"),
        "forsta_svar": pd.Timestamp(f"{utv}-09-16 09:05"), "sista_svar": pd.Timestamp(f"{utv}-10-20 14:12"),
        "saknas": saknas, "sena": sena, "flera_inskick": flera,
    }])


def test_svarslage_texter():
    assert texts.svarslage_texter(svarslage("Sorsele", svarande=14).iloc[0]) == ["Sorsele har inte svarat."]
    assert texts.svarslage_texter(svarslage("Malå, Sorsele", svarande=13).iloc[0]) == [
        "Malå och Sorsele har inte svarat."]
    assert texts.svarslage_texter(svarslage("", "Dorotea", "Vindeln").iloc[0]) == [
        "Alla kommuner har svarat.",
        "Dorotea svarade efter sista svarsdag (10 oktober 2025).",
        "Vindeln svarade mer än en gång – senaste svaret gäller.",
    ]


def test_saknas_text():
    deltagande = pd.DataFrame({"kommunkod": ["2422", "2480"], "kommun": ["Sorsele", "Umeå"],
                               "har_svarat": [False, True]})
    assert texts.saknas_text(deltagande, ["2422", "2480"], 2024) == (
        "Inget svar inkommet från Sorsele (utvärdering 2024).")
    assert texts.saknas_text(deltagande, ["2480"], 2024) is None


def test_metric_delta_signs_and_colours():
    assert texts.metric_delta(0.3, 2024) == {"delta": "+0,3", "delta_color": "green", "delta_arrow": "up",
                                              "delta_description": "jämfört med 2024"}
    down = texts.metric_delta(-0.215, 2024)
    assert (down["delta"], down["delta_color"], down["delta_arrow"]) == ("−0,2", "red", "down")
    assert texts.metric_delta(0.01, 2024)["delta_arrow"] == "off"
    assert texts.metric_delta(None, None) == {}


def test_utvarderingar_tabell_side_by_side():
    table = tables.utvarderingar_tabell([svarslage("Sorsele", utv=2024, svarande=14), svarslage(utv=2025)])
    assert list(table.columns) == ["Mått", "Utvärdering 2024", "Utvärdering 2025"]
    rows = table.set_index("Mått")
    assert rows.loc["Svarande kommuner"].tolist() == ["14 av 15", "15 av 15"]
    assert rows.loc["Svarsfrekvens", "Utvärdering 2024"] == f"93{NBSP}%"
    assert rows.loc["Har inte svarat"].tolist() == ["Sorsele", "–"]
    assert rows.loc["Sista svarsdag", "Utvärdering 2025"] == "10 oktober 2025"


def test_syften_tabell_with_change():
    def syfte(medel):
        return pd.DataFrame({"syfte_nr": [1, 2], "kort": ["Kvalitet", "Långsiktigt"], "medel": medel})

    newer = syfte([3.4, 46 / 12]).assign(antal_stallning=[15, 12], forandring=[-0.23, 0.6], n_par=[13, 10],
                                         bedomning=["ingen säker skillnad", "tydlig förbättring"])
    table = tables.syften_tabell({2025: newer, 2024: syfte([47 / 13, 3.0]).assign(antal_stallning=[13, 13])})
    assert list(table.columns) == ["Syfte", "Medel 2024", "Medel 2025", "Svar 1–5 2024", "Svar 1–5 2025",
                                   "Förändring", "Kommuner i båda", "Bedömning"]
    assert table["Syfte"].tolist() == ["Syfte 1: Kvalitet", "Syfte 2: Långsiktigt"]
    assert table["Medel 2025"].tolist() == pytest.approx([3.4, 46 / 12])
    assert table["Svar 1–5 2025"].tolist() == [15, 12]
    # the like-for-like change of the query, not the difference of the two years' means
    assert table["Förändring"].tolist() == pytest.approx([-0.23, 0.6])
    assert table["Bedömning"].tolist() == ["ingen säker skillnad", "tydlig förbättring"]
    assert table.attrs["formats"]["Förändring"] == "signed1"
    assert "Förändring" not in tables.syften_tabell({2024: syfte([3.6, 3.0])})


def test_syften_tabell_syfte_missing_one_year_is_nan():
    old = pd.DataFrame({"syfte_nr": [1], "kort": ["Kvalitet"], "medel": [3.6]})
    new = pd.DataFrame({"syfte_nr": [1, 2], "kort": ["Kvalitet", "Långsiktigt"], "medel": [3.4, 3.8]})
    table = tables.syften_tabell({2024: old, 2025: new}).set_index("Syfte")
    assert pd.isna(table.loc["Syfte 2: Långsiktigt", "Medel 2024"])
    assert pd.isna(table.loc["Syfte 2: Långsiktigt", "Förändring"])


def test_likert_tabell_keeps_numbers_and_declares_formats():
    df = pd.DataFrame({"kort_text": ["Samrådet"], "medel": [3.5333], "andel_positiv": [7 / 15],
                       "antal_stallning": [15], "antal_vet_ej": [0], "andel_vet_ej": [0.0]})
    table = tables.likert_tabell(df)
    row = table.iloc[0]
    assert row["Medelvärde (1–5)"] == pytest.approx(3.5333)
    assert row["Andel positiva (4–5)"] == pytest.approx(7 / 15)
    assert row["Vet ej"] == 0
    assert table.attrs["formats"]["Medelvärde (1–5)"] == "decimal1"
    assert table.attrs["formats"]["Andel positiva (4–5)"] == "pct"


def test_jamforelse_tabell_has_change():
    table = tables.jamforelse_tabell(jamforelse())
    assert list(table.columns) == ["Fråga", "Medel 2024", "Medel 2025", "Svar 1–5 2024", "Svar 1–5 2025",
                                   "Positiva 2024", "Positiva 2025", "Vet ej 2024", "Vet ej 2025", "Förändring",
                                   "Kommuner i båda", "Bedömning"]
    assert [round(v, 1) for v in table["Förändring"]] == [-0.2, 0.8]
    assert table["Fråga"].tolist() == ["Syfte 1", "Syfte 2"]
    assert table.attrs["formats"]["Positiva 2025"] == "pct" and table.attrs["formats"]["Förändring"] == "signed1"


def test_jamforelse_tabell_year_without_answers():
    only_2025 = jamforelse().query("utvardering == 2025").assign(forandring=None)
    table = tables.jamforelse_tabell(only_2025, [2024, 2025])
    assert table["Medel 2024"].isna().all() and table["Vet ej 2024"].isna().all()
    assert [round(v, 1) for v in table["Medel 2025"]] == [3.4, 3.8]
    assert table["Förändring"].isna().all()


def test_kommun_jamforelse_tabell_says_no_answer():
    table = tables.kommun_jamforelse_tabell(kommun_df(), "Sorsele", [2024, 2025]).set_index("Fråga")
    assert pd.isna(table.loc["Syfte 1", "Sorsele 2024"]) and table.loc["Syfte 1", "Svar 2024"] == "Inget svar inkommet"
    # the rating is a number, its label a column of its own (exports keep the number)
    assert (table.loc["Syfte 1", "Sorsele 2025"], table.loc["Syfte 1", "Svar 2025"]) == (5.0, "Instämmer helt")
    assert pd.isna(table.loc["Samrådet", "Sorsele 2025"]) and table.loc["Samrådet", "Svar 2025"] == "Vet ej"
    assert table.loc["Syfte 1", "Länet 2024"] == pytest.approx(3.6, abs=0.05)
    assert list(table.columns) == ["Sorsele 2024", "Svar 2024", "Länet 2024", "Sorsele 2025", "Svar 2025",
                                   "Länet 2025", "Förändring Sorsele", "Bedömning"]
    assert table.attrs["formats"] == {"Sorsele 2024": "decimal1", "Länet 2024": "decimal1",
                                      "Sorsele 2025": "decimal1", "Länet 2025": "decimal1",
                                      "Förändring Sorsele": "signed1"}
    # no 2024 answer: no change; one kommun's change is never called clear
    assert pd.isna(table.loc["Syfte 1", "Förändring Sorsele"]) and table.loc["Syfte 1", "Bedömning"] == "–"


def test_kommun_svar_text():
    base = {"utvardering": 2025, "sluttid": pd.Timestamp("2025-10-20 14:12"), "antal_inskick": 1,
            "efter_sista_svarsdag": True, "sista_svarsdag": pd.Timestamp("2025-10-10"), "har_svarat": True}
    assert texts.kommun_svar_text(pd.Series(base)) == (
        "Svarade 20 oktober 2025 kl. 14:12, efter sista svarsdag (10 oktober 2025).")
    assert texts.kommun_svar_text(pd.Series({**base, "har_svarat": False})) == "Inget svar inkommet"
    twice = texts.kommun_svar_text(pd.Series({**base, "antal_inskick": 2, "efter_sista_svarsdag": False}))
    assert twice.endswith("Skickade in 2 gånger – senaste svaret gäller.")
    unknown = texts.kommun_svar_text(pd.Series({**base, "sluttid": pd.NaT, "efter_sista_svarsdag": False}))
    assert unknown == "Svarade (tidpunkten kunde inte läsas i exportfilen)."


def test_fritext_grupper_groups_by_delstrategi_and_question():
    df = pd.DataFrame({
        "svar_id": ["a", "b", "c"],
        "fraga_id": ["ovriga_behov", "ds1_mojlighet", "ds1_utmaning"],
        "fraga_kort": ["Övriga behov", "Delstrategi 1: möjligheter", "Delstrategi 1: utmaningar"],
        "delstrategi_nr": pd.array([None, 1, 1], dtype="Int64"),
        "delstrategi": [None, "Inkluderande", "Inkluderande"],
        "riktning": [None, "möjlighet", "utmaning"],
        "text": ["x", "y", "z"],
        "teman": [[], ["kultur_attraktion", "naringsliv"], ["social_valfard"]],
    })
    names = {"kultur_attraktion": "Kultur, fritid och attraktivitet", "naringsliv": "Näringsliv",
             "social_valfard": "Social välfärd"}
    groups = texts.fritext_grupper(df, names)
    assert [g for g, _ in groups] == ["Delstrategi 1: Inkluderande", "Övriga behov"]
    first = groups[0][1]
    assert first.svar_id.tolist() == ["c", "b"]  # utmaningar before möjligheter
    assert first.tema_topp.tolist() == ["Social välfärd", "Kultur, fritid och attraktivitet"]
    assert first.teman_text.tolist()[1] == "Kultur, fritid och attraktivitet; Näringsliv"
    assert groups[1][1].tema_topp.tolist() == [None]
    assert texts.fritext_grupper(df.iloc[0:0], names) == []


def test_anslag_nyckeltal():
    df = pd.DataFrame({"kommunkod": ["2480", "2422", "2401"], "kommun": ["Umeå", "Sorsele", "Nordmaling"],
                       "belopp_kr": [3_807_000.0, 136_400.0, 264_500.0], "invanare": [131000, 2380, 7100],
                       "kr_per_invanare": [29.06, 57.31, 37.25], "andel": [0.9, 0.03, 0.07]})
    values = texts.anslag_nyckeltal(df, "2422")
    assert values["belopp"] == f"136{NBSP}400{NBSP}kr"
    assert values["per_invanare"] == f"57,3{NBSP}kr"
    assert values["plats"].startswith("Plats 3 av 3 i kronor och plats 1 av 3 i kronor per invånare")
    assert texts.anslag_nyckeltal(df, "9999") is None


def test_avvisade_tabell_swedish_headers():
    df = pd.DataFrame({"fil": ["a.xlsx"], "blad": ["Svar"], "rad": [4], "kolumn": ["Kommun"],
                       "varde": ["Gotham"], "orsak": ["Okänd kommun"]})
    assert list(tables.avvisade_tabell(df).columns) == ["Fil", "Blad", "Rad", "Kolumn", "Värde", "Orsak"]
