"""axe-core (npm, injected into the page) finds no WCAG 2.1 A/AA violation on either page, with content shown."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.conftest import DESKTOP, PHONE, run_axe


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}) : {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in violations)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_chat_page_has_no_violation(new_page, web_fake, viewport):
    page = new_page(viewport)
    page.goto(web_fake.url + "/")
    expect(page.locator(".ent-chat__send")).not_to_have_attribute("aria-disabled", "true")  # connected: can send
    page.locator("#ent-chat-input").fill("/demo")
    page.locator("#ent-chat-input").press("Enter")
    expect(page.get_by_role("button", name="Étape suivante")).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["bureau", "telephone"])
def test_console_has_no_violation(new_page, web_fake, viewport):
    page = new_page(viewport)
    page.goto(web_fake.url + "/console?q=mouthoumet")
    expect(page.locator("#resultat article")).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations)
    page.goto(web_fake.url + "/console?q=Saint-Denis")
    expect(page.get_by_role("button", name="Saint-Denis (30)")).to_be_visible()
    violations = run_axe(page)
    assert not violations, describe(violations)
