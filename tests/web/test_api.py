"""/api/fiche and /config.json without a browser: the same answers as `entbot fiche --json`, as HTTP statuses."""
from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot import cli
from web.app import WebSettings, make_app

DAY = "2022-10-03"


def get(settings: WebSettings, path: str) -> tuple[int, dict | str]:
    async def call():
        async with TestClient(TestServer(make_app(settings))) as client:
            response = await client.get(path)
            body = await (response.json() if response.content_type == "application/json" else response.text())
            return response.status, body
    # A thread of its own, since Playwright's sync API may be running an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, call()).result()


@pytest.fixture
def settings(database_url) -> WebSettings:
    return WebSettings(rasa_url="http://127.0.0.1:5005", database_url=database_url)


def test_mouthoumet_by_name_and_by_uai_as_the_cli_says(settings, database_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli.main(["fiche", "mouthoumet", "--date", DAY, "--json"]) == cli.OK
    expected = json.loads(capsys.readouterr().out)
    for query in ("mouthoumet", "0110422Z"):
        status, body = get(settings, f"/api/fiche?q={query}&date={DAY}")
        assert status == 200
        shown = body.pop("affichage")
        assert body == expected
        assert shown["titre"] == "CC Région Lézignanaise, Corbières et Minervois, pour Mouthoumet (11)"
        assert shown["cout"] == "45\u00a0€"
        assert shown["echeances"] == [{"libelle": "Dernier jour pour la demande d'adhésion",
                                       "date": "29 octobre 2022", "jours": "dans 26 jours"}]
        assert shown["convention_precedente"]["statut"] == "convention signée"


def test_homonyms_ask_to_choose(settings):
    status, body = get(settings, "/api/fiche?q=Saint-Denis")
    assert status == 300
    assert {"label": "Saint-Denis (11)", "query": "Saint-Denis 11"} in body["choix"]
    status, body = get(settings, f"/api/fiche?q=Saint-Denis%2030&date={DAY}")
    assert status == 200 and body["commune"]["departement"] == "30"


@pytest.mark.parametrize("query, status, message", [
    ("0110422A", 400, "devrait être Z"),
    ("21110260300051", 400, "clé de contrôle"),
    ("", 400, "Indiquez un SIRET"),
    ("Paris", 404, "Je ne trouve aucune commune"),
    ("0119999J", 404, "Aucune école publique ouverte de l'académie n'a le code UAI 0119999J"),
])
def test_bad_and_unknown_queries_get_a_french_error(settings, query, status, message):
    got, body = get(settings, f"/api/fiche?q={query}")
    assert got == status and message in body["erreur"]


def test_invalid_date_is_a_bad_query(settings):
    status, body = get(settings, "/api/fiche?q=mende&date=31/02/2022")
    assert status == 400 and body["erreur"] == "« 31/02/2022 » n'est pas une date qui existe."


def test_database_down_is_503():
    down = WebSettings(database_url="postgresql://entbot@127.0.0.1:1/absent")  # nothing listens on port 1
    status, body = get(down, "/api/fiche?q=mende")
    assert status == 503 and "injoignable" in body["erreur"]


def test_config_tells_the_widget_where_rasa_is():
    status, body = get(WebSettings(rasa_url="", transport="rest"), "/config.json")
    assert status == 200 and body == {"server": "", "transport": "rest"}


def test_pages_are_french_and_load_the_widget():
    for path in ("/", "/console"):
        status, html = get(WebSettings(), path)
        assert status == 200 and '<html lang="fr"' in html
        assert '<div id="ent-chat"></div>' in html and "/static/ent-chat.js" in html
