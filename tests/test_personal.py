"""Personal data typed into free text is masked with a Swedish placeholder and counted per kind."""

import pytest

from pipelines.personal import describe_masked, mask_personal_data


@pytest.mark.parametrize("typed, kind, placeholder", [
    ("Kontakta anna.berg@umea.se om detta.", "e-post", "[e-post borttagen]"),
    ("Skriv till Åsa.Öberg@Region-VB.SE.", "e-post", "[e-post borttagen]"),
    ("Ring 070-123 45 67.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring 070–123 45 67.", "telefonnummer", "[telefonnummer borttaget]"),      # en dash from autocorrect
    ("Ring 070 - 123 45 67.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring +46 70 123 45 67.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring 0046 70-123 45 67.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring (0910) 77 33 00.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring 0701234567.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Ring 090-16\u00a000\u00a000.", "telefonnummer", "[telefonnummer borttaget]"),
    ("Gäller 19800101-1234.", "personnummer", "[personnummer borttaget]"),
    ("Gäller 800101-1234.", "personnummer", "[personnummer borttaget]"),
    ("Gäller 800101–1234.", "personnummer", "[personnummer borttaget]"),
    ("Gäller 8001011234.", "personnummer", "[personnummer borttaget]"),
    ("Gäller 198001011234.", "personnummer", "[personnummer borttaget]"),
    ("Gäller 400101+1234.", "personnummer", "[personnummer borttaget]"),
    ("Samordningsnummer 800161-1234.", "personnummer", "[personnummer borttaget]"),
])
def test_personal_data_is_masked_and_counted(typed, kind, placeholder):
    masked, counts = mask_personal_data(typed)
    assert placeholder in masked and dict(counts) == {kind: 1}
    assert not any(ch.isdigit() or ch == "@" for ch in masked)


@pytest.mark.parametrize("text", [
    "Budgeten 2 644 tkr, utfallet 1 539 tkr till och med 2024-07-31.",
    "Överenskommelsen 2023-2026 och den nya för 2027–2030 (RUN 382-2025).",
    "Umeå har 131 000 invånare; anslaget är 12 000 000 kr, 0,5 procent.",
    "Organisationsnummer 212000-2452 står på fakturan.",
    "Beslutat 2022-10-11 i regionfullmäktige, paragraf 112.",
])
def test_numbers_that_are_no_personal_data_are_kept(text):
    assert mask_personal_data(text) == (text, {})


def test_describe_masked_in_swedish():
    _text, counts = mask_personal_data("a@b.se, c@d.se och 070-123 45 67")
    assert describe_masked(counts) == "2 e-postadresser och 1 telefonnummer"
