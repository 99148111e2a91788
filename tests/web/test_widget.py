"""The chat widget in Chromium against a stand-in for Rasa's socket.io channel: rendering, safety, keyboard,
reloads, lost connections. The same widget against the real assistant: tests/web/test_e2e_browser.py."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import PHONE

XSS = ['<img src=x onerror="window.__xss = 1">', "<script>window.__xss = 2</script>"]


def open_chat(new_page, server, viewport=None):
    page = new_page(viewport) if viewport else new_page()
    page.goto(server.url + "/")
    expect(page.locator("#ent-chat-input")).to_be_visible()
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true")  # connected
    return page


def say(page, text: str) -> None:
    page.locator("#ent-chat-input").fill(text)
    page.locator("#ent-chat-input").press("Enter")


def bot_messages(page):
    return page.locator(".ent-chat__msg--bot")


def test_widget_is_labelled_and_announces_bot_messages(new_page, web_fake):
    page = open_chat(new_page, web_fake)
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_accessible_name("Conversation avec l’assistant")
    expect(page.get_by_label("Votre question")).to_be_visible()
    expect(page.get_by_role("button", name="Envoyer")).to_be_visible()
    say(page, "Bonjour")
    expect(log.locator(".ent-chat__msg--bot")).to_contain_text("Reçu : Bonjour")
    expect(log.locator(".ent-chat__msg--bot .fr-sr-only").last).to_have_text("L’assistant\u00a0: ")


def test_injected_html_is_shown_as_text_and_never_run(new_page, web_fake):
    page = open_chat(new_page, web_fake)
    for payload in XSS:
        say(page, payload)
        expect(bot_messages(page).last).to_have_text(re.compile(re.escape(f"Reçu : {payload}")))
        expect(page.locator(".ent-chat__msg--user").last).to_contain_text(payload)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".ent-chat__log img, .ent-chat__log script").count() == 0


def test_split_messages_buttons_links_and_line_breaks(new_page, web_fake, fake_rasa):
    page = open_chat(new_page, web_fake)
    say(page, "/demo")
    expect(bot_messages(page)).to_have_count(2)
    first, second = bot_messages(page).nth(0), bot_messages(page).nth(1)
    assert first.locator("br").count() == 1
    link = first.get_by_role("link")
    expect(link).to_have_attribute("href", "https://www.ac-montpellier.fr/ent-ecole-122639")
    expect(link).to_have_attribute("rel", "noopener")
    expect(second.get_by_role("link")).to_have_count(1)  # javascript: stays text; « (…/page). » loses « ). »
    expect(second.get_by_role("link")).to_have_attribute("href", "https://example.org/page")
    expect(second.get_by_role("button", name="<b>Gras</b>")).to_be_visible()  # a title is text too
    second.get_by_role("button", name="Étape suivante").click()
    expect(page.locator(".ent-chat__msg--user").last).to_have_text(re.compile("Étape suivante$"))
    expect(bot_messages(page).last).to_contain_text("Reçu : /next_step")
    assert {"message": "/next_step"}.items() <= fake_rasa.events("user_uttered")[-1].items()


def test_keyboard_only_reaches_the_field_and_sends(new_page, web_fake):
    page = open_chat(new_page, web_fake)
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "ent-chat-input":
            break
    else:
        raise AssertionError("Tab never reached the chat field")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.type("Question au clavier")
    page.keyboard.press("Enter")
    expect(bot_messages(page).last).to_contain_text("Reçu : Question au clavier")
    page.keyboard.press("Shift+Tab")  # back to the conversation, which scrolls with the keyboard
    assert page.evaluate("document.activeElement.getAttribute('role')") == "log"


def test_reload_keeps_the_session_and_the_transcript(new_page, web_fake, fake_rasa):
    page = open_chat(new_page, web_fake)
    say(page, "avant le rechargement")
    expect(bot_messages(page).last).to_contain_text("Reçu : avant le rechargement")
    session = page.evaluate("sessionStorage.getItem('ent-chat.session')")
    page.reload()
    expect(page.locator(".ent-chat__msg")).to_have_count(2)
    expect(bot_messages(page).last).to_contain_text("Reçu : avant le rechargement")
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true")
    assert fake_rasa.events("session_request")[-1] == session
    say(page, "après")
    expect(bot_messages(page).last).to_contain_text("Reçu : après")
    assert fake_rasa.events("user_uttered")[-1]["session_id"] == session


def test_new_conversation_clears_and_changes_the_session(new_page, web_fake, fake_rasa):
    page = open_chat(new_page, web_fake)
    say(page, "première conversation")
    expect(bot_messages(page)).to_have_count(1)
    before = page.evaluate("sessionStorage.getItem('ent-chat.session')")
    page.get_by_role("button", name="Nouvelle conversation").click()
    expect(page.locator(".ent-chat__msg")).to_have_count(0)
    expect(page.get_by_role("status").first).to_have_text("Nouvelle conversation commencée.")
    after = page.evaluate("sessionStorage.getItem('ent-chat.session')")
    assert after != before
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true")  # new session confirmed
    say(page, "seconde conversation")
    expect(bot_messages(page)).to_have_count(1)
    assert fake_rasa.events("user_uttered")[-1]["session_id"] == after


def test_nothing_is_sent_until_the_new_conversation_is_confirmed(new_page, web_fake, fake_rasa):
    """Rasa's session_confirm is held back: meanwhile the widget says to wait and keeps the message in the field."""
    page = new_page()
    held: list[str] = []
    holding = [True]  # until the test lets the confirmation through, whether it has arrived yet or not
    sockets = []

    def route(ws):
        """Every socket.io connection goes through here; the second one is « Nouvelle conversation »'s."""
        sockets.append(ws)
        new_conversation = len(sockets) > 1

        def from_server(message):
            if new_conversation and holding[0] and "session_confirm" in str(message):
                held.append(message)
            else:
                ws.send(message)

        ws.connect_to_server().on_message(from_server)

    page.route_web_socket(re.compile(r"/socket\.io/"), route)
    page = open_chat(lambda: page, web_fake)
    page.get_by_role("button", name="Nouvelle conversation").click()
    send = page.locator(".ent-chat__send")
    expect(send).to_have_attribute("aria-disabled", "true")
    say(page, "trop tôt")
    expect(page.get_by_role("status").first).to_contain_text("envoyez votre message dans un instant")
    expect(page.locator("#ent-chat-input")).to_have_value("trop tôt")
    assert page.locator(".ent-chat__msg").count() == 0
    assert "trop tôt" not in [event["message"] for event in fake_rasa.events("user_uttered")]

    holding[0] = False
    for message in held:
        sockets[-1].send(message)
    expect(send).not_to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("status").first).to_have_text("Nouvelle conversation commencée.")
    page.locator("#ent-chat-input").press("Enter")
    expect(bot_messages(page)).to_have_count(1)
    expect(bot_messages(page)).to_contain_text("Reçu : trop tôt")


def test_lost_connection_says_so_and_sends_nothing_twice(new_page, web_fake, fake_rasa):
    page = open_chat(new_page, web_fake)
    status = page.locator(".ent-chat__status")
    fake_rasa.stop()
    try:
        expect(status).to_have_text("Connexion perdue, reconnexion…")
        say(page, "écrit hors connexion")
        expect(status).to_contain_text("votre message n’a pas été envoyé")
        expect(page.locator("#ent-chat-input")).to_have_value("écrit hors connexion")  # kept, not queued
        assert page.locator(".ent-chat__msg").count() == 0
    finally:
        fake_rasa.start()
    expect(status).to_have_text("Reconnecté.", timeout=20_000)
    page.locator("#ent-chat-input").press("Enter")
    expect(bot_messages(page).last).to_contain_text("Reçu : écrit hors connexion")
    page.wait_for_timeout(1000)
    sent = [e["message"] for e in fake_rasa.events("user_uttered")]
    assert sent.count("écrit hors connexion") == 1


def test_typing_indicator_while_waiting(new_page, web_fake):
    page = open_chat(new_page, web_fake)
    say(page, "/lent")  # the stand-in answers after a second
    expect(page.locator(".ent-chat__typing")).to_be_visible()
    expect(page.locator(".ent-chat__typing")).to_have_text("L’assistant écrit…")
    expect(bot_messages(page).last).to_contain_text("Reçu : /lent")
    expect(page.locator(".ent-chat__typing")).to_be_hidden()


def test_phone_width_and_200_percent_zoom_do_not_scroll_sideways(new_page, web_fake):
    # 200 % zoom of a 1280 px window lays the page out in 640 CSS pixels.
    for viewport in (PHONE, {"width": 640, "height": 450}):
        page = open_chat(new_page, web_fake, viewport)
        say(page, "une question assez longue pour voir si le texte passe bien à la ligne sur un petit écran")
        expect(bot_messages(page).last).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{width} px wide in a {viewport['width']} px window"
        box = page.get_by_role("button", name="Envoyer").bounding_box()
        assert box["x"] + box["width"] <= viewport["width"]


def test_rest_transport_by_configuration(new_page, web_fake_rest, fake_rasa):
    page = open_chat(new_page, web_fake_rest)
    say(page, "par REST")
    expect(bot_messages(page).last).to_contain_text("Reçu : par REST")
    session = page.evaluate("sessionStorage.getItem('ent-chat.session')")
    assert fake_rasa.events("rest")[-1] == {"sender": session, "message": "par REST"}
    bot_messages(page).last.get_by_role("button", name="Oui").click()
    expect(bot_messages(page).last).to_contain_text("Reçu : /affirm")


def test_a_bot_down_at_first_then_up_is_said_and_then_cleared(new_page, web_fake, fake_rasa):
    page = new_page()
    fake_rasa.stop()
    try:
        page.goto(web_fake.url + "/")
        expect(page.locator(".ent-chat__status")).to_have_text("L’assistant est injoignable pour le moment, nouvel essai…")
    finally:
        fake_rasa.start()
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true", timeout=20_000)
    expect(page.locator(".ent-chat__status")).to_be_hidden()


def test_rest_transport_lost_connection_resends_nothing(new_page, web_fake_rest, fake_rasa):
    page = open_chat(new_page, web_fake_rest)
    status = page.locator(".ent-chat__status")
    fake_rasa.stop()
    try:
        say(page, "envoyé pendant la coupure")
        expect(status).to_contain_text("Connexion perdue, reconnexion…")
        say(page, "tapé hors connexion")
        expect(status).to_contain_text("votre message n’a pas été envoyé")
        expect(page.locator("#ent-chat-input")).to_have_value("tapé hors connexion")
    finally:
        fake_rasa.start()
    expect(status).to_have_text("Reconnecté.", timeout=20_000)
    page.locator("#ent-chat-input").press("Enter")
    expect(bot_messages(page).last).to_contain_text("Reçu : tapé hors connexion")
    sent = [e["message"] for e in fake_rasa.events("rest")]
    assert sent.count("tapé hors connexion") == 1 and "envoyé pendant la coupure" not in sent
