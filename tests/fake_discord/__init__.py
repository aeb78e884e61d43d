"""A fake Discord on loopback: REST API v10 and a JSON gateway, enough for discord.py 2.7 to run a real bot.

Tests act as members (slash commands, autocomplete, button presses, messages mentioning the bot) and assert on
the REST calls the bot makes. The fake applies Discord's own rules where they matter to the bot: it checks the
token, hides commands whose `default_member_permissions` a member lacks, withholds message content the bot has
no right to see, refuses messages beyond Discord's limits, and works out who a message would have pinged.
Messages with files arrive as multipart/form-data (`payload_json` + `files[n]`): the uploads are kept on the
call (`Call.files`), and refused with 403 when the bot lacks Attach Files, as Discord does.
"""

from tests.fake_discord.payloads import ADMINISTRATOR, PRIVILEGED_INTENTS, FakeRole, FakeUser
from tests.fake_discord.records import Call, CommandHiddenError, Sent
from tests.fake_discord.server import FakeDiscord

__all__ = [
    "ADMINISTRATOR",
    "PRIVILEGED_INTENTS",
    "Call",
    "CommandHiddenError",
    "FakeDiscord",
    "FakeRole",
    "FakeUser",
    "Sent",
]
