"""The page and the console in Chromium against the real assistant (trained model, action server, database).

Also saves the screenshots (artifacts/screenshots/, desktop and phone) and the two used by the docs (docs/images/).
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE, run_axe, screenshot

NBSP = "\u00a0"


def open_chat(page, server):
    page.goto(server.url + "/")
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true", timeout=30_000)


def say(page, text: str) -> None:
    page.get_by_label("Votre question").fill(text)
    page.get_by_role("button", name="Envoyer").click()


def bot(page):
    return page.locator(".ent-chat__msg--bot")


def expect_reply(page, text: str) -> None:
    """Rasa's socket.io channel splits a reply at blank lines: the text may be in any of its parts."""
    expect(page.get_by_role("log")).to_contain_text(text, timeout=30_000)


def test_cost_for_three_schools(new_page, web_bot):
    page = new_page()
    open_chat(page, web_bot)
    say(page, "Combien ça coûte pour 3 écoles ?")
    expect_reply(page, f"135{NBSP}€")
    expect_reply(page, "Source : ")


def test_upload_walkthrough_by_its_buttons_survives_a_reload(new_page, web_bot):
    page = new_page()
    open_chat(page, web_bot)
    say(page, "comment je transmets la convention signée ?")
    expect_reply(page, "Étape 1 sur 4")
    bot(page).last.get_by_role("button", name="Étape suivante").click()  # the buttons come with the last part
    expect_reply(page, "Étape 2 sur 4")
    # The reply comes in parts and its buttons with the last one: reload once it is all there, not in between.
    expect(bot(page).last.get_by_role("button", name="Étape suivante")).to_be_visible(timeout=30_000)

    page.reload()  # the transcript comes back, and Rasa still knows where the walkthrough is
    expect(page.get_by_role("log")).to_contain_text("Étape 2 sur 4")
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true", timeout=30_000)
    bot(page).last.get_by_role("button", name="Étape suivante").click()
    expect_reply(page, "Étape 3 sur 4")
    bot(page).last.get_by_role("button", name="Étape suivante").click()
    expect_reply(page, "Étape 4 sur 4")
    expect(bot(page).last.get_by_role("button", name="Vérifications avant l'envoi")).to_be_visible()
    user_lines = page.locator(".ent-chat__msg--user").all_inner_texts()
    assert [re.sub(r"^Vous\s*:\s*", "", t).strip() for t in user_lines][-3:] == ["Étape suivante"] * 3


def test_injected_html_gets_a_text_reply(new_page, web_bot):
    page = new_page()
    open_chat(page, web_bot)
    say(page, '<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>')
    expect(bot(page).last).to_be_visible(timeout=30_000)
    expect(page.locator(".ent-chat__msg--user").last).to_contain_text("<script>window.__xss = 2</script>")
    assert page.evaluate("window.__xss") is None


def test_screenshots_and_accessibility_with_real_answers(new_page, web_bot):
    for name, viewport in (("bureau", DESKTOP), ("telephone", PHONE)):
        page = new_page(viewport)
        open_chat(page, web_bot)
        say(page, "c'est quoi le tarif par école pour l'année ?")
        expect(bot(page).last).to_be_visible(timeout=30_000)
        say(page, "comment je transmets la convention signée ?")
        expect(bot(page).last.get_by_role("button", name="Étape suivante")).to_be_visible(timeout=30_000)
        page.locator("#ent-chat-input").focus()  # show the focus ring in the picture
        screenshot(page, f"page-{name}", for_docs=name == "bureau")
        violations = run_axe(page)
        assert not violations, violations

        console = new_page(viewport)
        console.goto(web_bot.url + "/console?q=mouthoumet")
        expect(console.locator("#resultat article h2")).to_contain_text("Mouthoumet (11)")
        expect(console.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true", timeout=30_000)
        screenshot(console, f"console-{name}", for_docs=name == "bureau")
        violations = run_axe(console)
        assert not violations, violations
