"""Discord cogs, one per user-facing area: each parses the interaction, calls the core, renders, replies."""
