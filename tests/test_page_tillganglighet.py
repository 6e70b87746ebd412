"""The Tillgänglighet page: the tillgänglighetsredogörelse with DIGG's headings, known gaps and the contact."""

from streamlit.testing.v1 import AppTest

from tests.conftest import page_path


def test_statement_has_the_prescribed_parts(demo_env, monkeypatch):
    monkeypatch.setenv("UTV_ACCESSIBILITY_CONTACT", "tillganglighet@example.se")
    at = AppTest.from_file(page_path("tillganglighet.py"), default_timeout=60).run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers == ["Hur tillgänglig är dashboarden?",
                       "Vad kan du göra om du inte kan använda delar av dashboarden?",
                       "Rapportera brister i dashboardens tillgänglighet", "Tillsyn",
                       "Teknisk information om dashboardens tillgänglighet"]
    text = "\n".join(m.value for m in at.markdown)
    assert "(mailto:tillganglighet@example.se)" in text
    assert "https://www.digg.se/tdosanmalan" in text
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert [s.value for s in at.subheader][:2] == ["Innehåll som inte är tillgängligt", "Hur vi testat dashboarden"]
