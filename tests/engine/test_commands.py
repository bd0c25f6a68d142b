"""Test recognising global commands typed at any step."""

from __future__ import annotations

import pytest

from bot.engine.commands import COMMANDS, match_command

COMMAND_IDS = {"menu", "help", "status", "language", "back", "human", "stop", "start", "erase"}
PHRASES = [(phrase, command) for command, phrases in COMMANDS.items() for phrase in phrases]


def _cases(table):
    """Return pytest params from (id, *values) rows."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def test_the_table_names_exactly_the_nine_commands() -> None:
    assert set(COMMANDS) == COMMAND_IDS


@pytest.mark.parametrize("phrase, command", PHRASES, ids=[f"{c}:{p}" for p, c in PHRASES])
def test_every_listed_phrase_matches_its_command(phrase: str, command: str) -> None:
    assert match_command(phrase) == command


@pytest.mark.parametrize("command", sorted(COMMAND_IDS))
def test_every_command_has_a_slash_form(command: str) -> None:
    assert match_command(f"/{command}") == command


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("menu-caps", "MENU", "menu"),
        ("menu-hindi", "मेनू", "menu"),
        ("main-menu", "Main Menu", "menu"),
        ("help-please", "help please", "help"),
        ("help-punctuated", "Help!!", "help"),
        ("please-help", "please help", "help"),
        ("madad-chahiye", "madad chahiye", "help"),
        ("hindi-madad-chahiye", "मदद चाहिए", "help"),
        ("hindi-sahayata", "सहायता", "help"),
        ("kripya-madad", "kripya madad karo", "help"),
        ("status-question", "status?", "status"),
        ("hindi-sthiti", "स्थिति", "status"),
        ("progress", "Progress", "status"),
        ("bhasha-badlo", "bhasha badlo", "language"),
        ("hindi-bhasha", "भाषा", "language"),
        ("change-language", "Change language", "language"),
        ("back", "back", "back"),
        ("hindi-peeche", "पीछे", "back"),
        ("wapas", "wapas", "back"),
        ("hindi-wapas", "वापस", "back"),
        ("talk-to-a-person", "talk to a person", "human"),
        ("call-me", "call me", "human"),
        ("hindi-baat-karao", "बात कराओ", "human"),
        ("kisi-se-baat-karao", "kisi se baat karao", "human"),
        ("hindi-call-me", "मुझे कॉल करो", "human"),
        ("agent", "Agent", "human"),
        ("stop-caps", "STOP", "stop"),
        ("stop-dot", "Stop.", "stop"),
        ("hindi-roken", "रोकें", "stop"),
        ("hindi-band-karo", "बंद करो", "stop"),
        ("hindi-band-karen", "बंद करें", "stop"),
        ("band-karo", "band karo", "stop"),
        ("unsubscribe", "Unsubscribe", "stop"),
        ("start", "start", "start"),
        ("hindi-shuru", "शुरू", "start"),
        ("slash-start-payload", "/start utm_lucknow_2025", "start"),
        ("slash-start-bot-name", "/start@GemSaathiBot", "start"),
        ("slash-help-bot-name", "/help@GemSaathiBot", "help"),
        ("slash-caps", "/STOP", "stop"),
        ("slash-with-spaces", "  /menu  ", "menu"),
        ("slash-space-help", "/ help", "help"),
        ("erase-my-data", "erase my data", "erase"),
        ("delete-my-data", "Delete my data", "erase"),
        ("hindi-data-hatao", "मेरा डेटा हटाओ", "erase"),
        ("mera-data-hatao", "mera data hatao", "erase"),
        ("data-delete-karo", "data delete karo", "erase"),
        ("slash-erase", "/erase", "erase"),
    ]),
)
def test_match_command(text: str, expected: str) -> None:
    assert match_command(text) == expected


@pytest.mark.parametrize(
    "text",
    _cases([
        ("sentence-containing-help", "I need help with GST"),
        ("help-as-part-of-request", "help me find a buyer"),
        ("name-madad-ali", "mera naam Madad Ali hai"),
        ("bus-stop", "bus stop ke paas dukaan hai"),
        ("start-business", "start business"),
        ("menu-card-business", "menu card printing"),
        ("word-containing-help", "Helpful"),
        ("band-alone", "band"),
        ("back-office", "back office staff"),
        ("unknown-slash", "/foo"),
        ("slash-alone", "/"),
        ("yes", "haan"),
        ("number", "2"),
        ("empty", ""),
        ("spaces", "   "),
        ("polite-only", "please"),
    ]),
)
def test_not_a_command(text: str) -> None:
    assert match_command(text) is None
