"""Recognise the global commands a seller may type at any step, in English, Hindi or Hinglish."""

# A command is the whole message (after folding case, spaces, punctuation and a few polite words),
# so a name or sentence that merely contains "help" is not one. Slash commands may carry arguments
# ("/start <payload>", "/help@GemSaathiBot").

from __future__ import annotations

from bot.engine.validators import fold

__all__ = ["COMMANDS", "match_command"]

# command id → phrases that mean it when they are the whole message.
COMMANDS: dict[str, tuple[str, ...]] = {
    "menu": (
        "menu", "main menu", "show menu", "मेनू", "मेन्यू", "मेनु", "मुख्य मेनू", "menu dikhao",
        "मेनू दिखाओ",
    ),
    "help": (
        "help", "help me", "need help", "i need help", "मदद", "madad", "madad karo", "मदद करो",
        "सहायता", "sahayata", "sahayta", "सहायता करें", "helpline",
    ),
    "status": (
        "status", "my status", "स्थिति", "sthiti", "meri sthiti", "मेरी स्थिति", "progress",
        "my progress", "स्टेटस", "kahan tak hua", "कहां तक हुआ",
    ),
    "language": (
        "language", "change language", "भाषा", "bhasha", "bhasa", "bhasha badlo", "भाषा बदलो",
        "bhasha badlen", "भाषा बदलें", "language change", "lang",
    ),
    "back": (
        "back", "go back", "पीछे", "piche", "peeche", "pichhe", "wapas", "vapas", "वापस",
        "wapas jao", "वापस जाओ", "पीछे जाओ", "piche jao", "previous",
    ),
    "human": (
        "human", "agent", "talk to a person", "talk to person", "talk to a human", "talk to human",
        "talk to someone", "talk to agent", "speak to a person", "call me", "baat karao",
        "बात कराओ", "baat karwao", "बात करवाओ", "kisi se baat karao", "किसी से बात कराओ",
        "kisi se baat karwao", "insaan se baat karao", "मुझे कॉल करो", "mujhe call karo",
        "call karo", "कॉल करो", "mujhe call kare", "मुझे कॉल करें", "customer care",
    ),
    "stop": (
        "stop", "रोकें", "रोको", "roko", "बंद करो", "बंद करें", "band karo", "band karen",
        "band kare", "unsubscribe", "stop messages", "messages band karo", "मैसेज बंद करो",
    ),
    "start": ("start", "शुरू", "shuru", "shuru karo", "शुरू करो", "शुरू करें", "restart"),
    "erase": (
        "erase", "erase my data", "delete my data", "delete data", "erase data",
        "मेरा डेटा हटाओ", "मेरा डाटा हटाओ", "mera data hatao", "data hatao", "डेटा हटाओ",
        "data delete karo", "mera data delete karo", "डेटा डिलीट करो", "मेरा डेटा डिलीट करो",
        "forget me",
    ),
}

# Slash commands (Telegram menu and typed): "/start", "/start abc", "/help@GemSaathiBot".
SLASH_COMMANDS: frozenset[str] = frozenset(COMMANDS)

# Polite words that may surround a command without changing it: "help please", "madad chahiye".
_POLITE = frozenset(
    fold(w)
    for w in ("please pls plz kindly kripya कृपया ji जी sir सर chahiye chaiye चाहिए now abhi अभी thanks thank you dhanyavad dhanyawad "
              "धन्यवाद shukriya शुक्रिया bhaiya भैया dekhiye देखिए hello hi namaste नमस्ते well ok okay so").split()
)

_PHRASES: dict[str, str] = {}
for _command, _phrases in COMMANDS.items():
    for _phrase in _phrases:
        _key = fold(_phrase)
        if _PHRASES.setdefault(_key, _command) != _command:
            raise ValueError(f"phrase {_phrase!r} is listed for two commands")
del _command, _phrases, _phrase, _key


def _slash_command(text: str) -> str | None:
    """Return the command of a "/name[@bot] [args]" message, or None."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
    name = word.split("@", 1)[0].casefold()
    return name if name in SLASH_COMMANDS else None


def match_command(text: str) -> str | None:
    """Return the command id the whole message asks for ("help", "stop", …), or None."""
    slash = _slash_command(text)
    if slash is not None or text.strip().startswith("/"):
        return slash
    words = fold(text).split()
    if not words:
        return None
    found = _PHRASES.get(" ".join(words))
    if found:
        return found
    while words and words[0] in _POLITE:
        words.pop(0)
    while words and words[-1] in _POLITE:
        words.pop()
    return _PHRASES.get(" ".join(words)) if words else None
