"""The helpdesk console in Chromium: search, card, homonyms, copy of the script, beside the chat widget."""
from __future__ import annotations

from playwright.sync_api import expect

NBSP = "\u00a0"


def search(page, server, query: str) -> None:
    page.goto(server.url + "/console")
    page.get_by_label("SIRET, SIREN, code UAI ou nom de commune").fill(query)
    page.get_by_role("button", name="Rechercher").click()


def test_finds_mouthoumet_by_name_and_by_uai(new_page, web_fake):
    page = new_page()
    for query in ("mouthoumet", "0110422Z"):
        search(page, web_fake, query)
        card = page.locator("#resultat article")
        expect(card.get_by_role("heading", level=2)).to_have_text(
            "CC Région Lézignanaise, Corbières et Minervois, pour Mouthoumet (11)")
        expect(card.get_by_role("heading", level=2)).to_be_focused()
        expect(card).to_contain_text("A ou B")
        expect(card).to_contain_text(f"45{NBSP}€")
        expect(card).to_contain_text("29 octobre 2022 — Dernier jour pour la demande d'adhésion (dans 26 jours)")
        expect(card).to_contain_text("2021-2022, convention signée, convention revenue le 13 septembre 2021")
        expect(card.get_by_role("cell", name="0110422Z")).to_be_visible()
        expect(card).to_contain_text("11-Mouthoumet-Convention-ENT-22-23.pdf")
        expect(card.locator(".console-source").first).to_contain_text("Source : ")
    expect(page.locator("#ent-chat-input")).to_be_visible()  # the chat beside the card


def test_copies_the_script_to_read(new_page, web_fake):
    page = new_page()
    search(page, web_fake, "mouthoumet")
    page.get_by_role("button", name="Copier le script").click()
    expect(page.locator("#console-status")).to_have_text("Script copié dans le presse-papiers.")
    copied = page.evaluate("navigator.clipboard.readText()")
    first = page.locator(".console-script li").first.evaluate("li => li.firstChild.textContent")
    assert copied.startswith(f"1. {first}")
    assert "Source : " in copied and "11-Mouthoumet-Convention-ENT-22-23.pdf" in copied


def test_homonyms_are_a_choice(new_page, web_fake):
    page = new_page()
    search(page, web_fake, "Saint-Denis")
    expect(page.get_by_role("heading", name="Plusieurs résultats pour « Saint-Denis » : choisissez.")).to_be_visible()
    page.get_by_role("button", name="Saint-Denis (30)").click()
    expect(page.locator("#resultat article h2")).to_contain_text("Saint-Denis (30)")
    assert page.url.endswith("?q=Saint-Denis%2030")


def test_errors_are_french_and_shown(new_page, web_fake):
    page = new_page()
    search(page, web_fake, "0110422A")
    expect(page.locator("#resultat .fr-alert")).to_contain_text("la lettre de contrôle devrait être Z")
    search(page, web_fake, "Paris")
    expect(page.locator("#resultat .fr-alert")).to_contain_text("Je ne trouve aucune commune")


def test_a_card_shows_text_never_html(new_page, web_fake):
    page = new_page()
    search(page, web_fake, '<img src=x onerror="window.__xss=1">')
    expect(page.locator("#resultat .fr-alert")).to_contain_text('<img src=x onerror="window.__xss=1">')
    assert page.evaluate("window.__xss") is None
