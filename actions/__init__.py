"""Rasa custom actions: they read the tracker, call bot.assistant, and send what it returns. No rule lives here."""
