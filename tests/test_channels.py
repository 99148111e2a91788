"""The channels of channels/resilient.py: the user always gets a French reply, and the log never quotes them."""
import asyncio
import logging

import redis
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels.resilient import answer, unavailable_text

SECRET = "message confidentiel de Mme Zorglub"


def handle(on_new_message, text: str = SECRET) -> tuple[bool, list[dict]]:
    collector = CollectingOutputChannel()
    handled = asyncio.run(answer(on_new_message, UserMessage(text, collector, "essai")))
    return handled, collector.messages


def texts(messages: list[dict]) -> str:
    """Rasa's collecting channel sends a text's paragraphs as separate messages."""
    return "\n\n".join(m["text"] for m in messages)


def test_a_reply_is_passed_on_unchanged():
    async def replies(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Bonjour !"})

    assert handle(replies) == (True, [{"recipient_id": "essai", "text": "Bonjour !"}])


def test_no_reply_becomes_the_unavailable_message_with_the_contact():
    async def silent(_message):  # what Rasa 3.6 does when the action server is down
        return None

    handled, messages = handle(silent)
    assert handled and texts(messages) == unavailable_text()


def test_an_empty_message_is_answered_without_reaching_rasa():
    async def must_not_run(_message):
        raise AssertionError("an empty message reached Rasa")

    handled, messages = handle(must_not_run, " \n\t ")
    assert handled and texts(messages).startswith("Votre message est vide")


def test_a_failure_is_answered_logged_without_the_text_and_reported(caplog):
    async def lock_store_down(_message):
        raise redis.exceptions.ConnectionError(f"Error 111 connecting ({SECRET})")

    with caplog.at_level(logging.INFO):
        handled, messages = handle(lock_store_down)
    assert not handled and texts(messages) == unavailable_text()
    assert "redis.exceptions.ConnectionError" in caplog.text and SECRET not in caplog.text
