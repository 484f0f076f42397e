"""The official-account bot: its callback blueprint and command handlers arrive with the bot issue.

Handlers call app.services, like every other adapter.
"""
