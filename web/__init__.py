"""The chat page of the rectorat's site, the helpdesk console and their small JSON API (aiohttp)."""
