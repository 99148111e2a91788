"""What the production tests expect of a reply: French, and the « unavailable » text when a service is down."""
import re

from bot.knowledge import knowledge

FRENCH = re.compile(r"[àâçéèêëîïôûù]|\b(je|vous|le|la|les|de|pour)\b")


def is_french(text: str) -> bool:
    return bool(FRENCH.search(text))


def says_unavailable(text: str) -> bool:
    """The reply says the information is unavailable for a moment and gives the contact."""
    kb = knowledge()
    return kb.answer("service_indisponible").text in text and kb.answer("contact").text in text
