"""The Discord-only parts: the discord.py bot client and rendering of answers into Discord-sized messages."""
