import pytest

from footprint import digital
from footprint.factors import load
from tests.html import assert_valid_accessible_html

DATA = load()


def test_one_email_is_about_three_grams_within_its_range():
    one = digital.emails(1, DATA)
    assert one.kg == pytest.approx(0.0031)
    assert one.low_kg < one.kg < one.high_kg


def test_an_emails_size_adds_to_its_cost():
    light, heavy = digital.emails(1, DATA), digital.emails(1, DATA, sizes_mb=[10])
    assert heavy.kg == pytest.approx(light.kg + 10 * 0.0000095)


@pytest.mark.parametrize(("score", "grams"), [(90, 1.2), (50, 2.0), (0, 3.0), (100, 1.0)])
def test_a_page_view_follows_the_ecoindex_formula(score, grams):
    assert digital.page_view_kg(score, DATA) * 1000 == pytest.approx(grams)
    assert digital.page_views(1000, score, DATA).kg == pytest.approx(grams)


def test_an_ecoindex_score_outside_0_to_100_is_refused():
    with pytest.raises(ValueError):
        digital.page_view_kg(120, DATA)


def test_a_printed_a6_badge_is_a_quarter_of_an_a4_sheet_of_paper():
    paper = DATA.digital["paper"]
    badge = digital.printed_badges(1, DATA)
    # 80 g/m² × 0.0625 m² (A4) / 4 = 1.25 g of paper, at about 0.9 kg CO2e per kg.
    assert badge.kg == pytest.approx(0.00125 * paper.kg, rel=0.01)
    assert badge.low_kg == pytest.approx(0.00125 * paper.low_kg, rel=0.01)
    assert badge.high_kg > 0.00125 * paper.high_kg  # printing itself, on top of the paper
    assert digital.printed_badges(200, DATA).kg == pytest.approx(200 * badge.kg)


def test_100_kwh_of_french_electricity():
    venue = digital.electricity(100, DATA)
    assert venue.kg == pytest.approx(5.2)
    assert venue.low_kg < 5.2 < venue.high_kg


def test_hosting_is_servers_times_hours_times_the_factor():
    site = digital.hosting(2, 24, DATA)
    assert site.kg == pytest.approx(2 * 24 * 0.02)
    assert site.low_kg < site.kg < site.high_kg


def test_estimates_add_up_with_their_ranges():
    total = digital.emails(10, DATA) + digital.hosting(1, 10, DATA)
    assert total.low_kg <= total.kg <= total.high_kg


def test_negative_quantities_are_refused():
    with pytest.raises(ValueError):
        digital.electricity(-1, DATA)


def test_every_factor_has_a_source_a_date_and_a_coherent_range():
    assert set(DATA.digital) >= {
        "email",
        "email_per_mb",
        "page_view",
        "pdf",
        "badge_a6",
        "electricity_fr",
        "server_hour",
    }
    for factor in DATA.digital.values():
        for language in ("fr", "en"):
            for field in ("label", "unit", "source", "date"):
                assert getattr(factor, f"{field}_{language}").strip(), (factor.key, field, language)
        assert 0 <= factor.low_kg <= factor.kg <= factor.high_kg, factor.key


@pytest.mark.django_db
def test_the_method_page_lists_the_digital_factors_in_both_languages(client):
    for url, language, texts in (
        (
            "/bilan-carbone/methode/",
            "fr",
            ["Un badge A6 imprimé", "0,052", "0,079", "mix de 2022 (édition 2023)", "Pas de facteur publié"],
        ),
        (
            "/en/footprint/method/",
            "en",
            ["A printed A6 badge", "0.052", "0.032 to 0.079", "mix of 2022 (2023 edition)", "No published factor"],
        ),
    ):
        response = client.get(url)
        page = response.content.decode()
        for text in [*texts, "EcoIndex", "2 + 2 × (50 − score) / 100 g CO2e", "Base Empreinte", "Boavizta"]:
            assert text in page, (url, text)
        assert_valid_accessible_html(response, language)
