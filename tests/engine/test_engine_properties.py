"""Property tests over the engine: any sequence of taps and texts, at any step, never raises and leaves a state that round-trips."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.understanding import NOW, conversation_at
from bot.engine.clean import clean_text
from bot.engine.commands import COMMANDS
from bot.engine.conversation import CONFIRM_ERASE, resume
from bot.engine.model import Conversation, Inbound, Profile
from bot.engine.steps import STEP_IDS
from tests.test_edge_properties import ANY_TEXT

ENGINE = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Sellers of every kind, so each branch of the journey is met: services only, traders, makers, companies.
PROFILES = st.builds(
    Profile,
    name=st.sampled_from([None, "Ramesh Kumar", "सुनीता"]),
    offering=st.sampled_from([None, "products", "services", "both"]),
    makes_products=st.sampled_from([None, True, False]),
    enterprise_type=st.sampled_from([None, "proprietorship", "partnership", "company", "other"]),
    women_owned=st.sampled_from([None, True, False]),
    has_bank_account=st.sampled_from([None, True, False]),
)
EVERYDAY = st.sampled_from([
    "haan", "nahi", "pata nahi", "baad me", "ho gaya", "OTP nahi aa raha", "menu", "help", "back", "status", "STOP", "start",
    "erase my data", "haan delete karo", "English", "हिंदी", "lucknow", "ABCPK1234F", "UDYAM-UP-12-0012345", "9876543210",
    "ramesh@example.in", "furniture banate hain", "partnership firm hai", "50 lakh", "teesra wala", "2341 2341 2346", "",
])


@st.composite
def _turns(draw: st.DrawFn) -> list[tuple[str, object]]:
    """Draw a few turns: a tap on one of the buttons just shown (by position), a command, everyday words or any text at all."""
    return draw(st.lists(
        st.one_of(
            st.tuples(st.just("tap"), st.integers(0, 12)),
            st.tuples(st.just("text"), EVERYDAY | st.sampled_from(sorted(COMMANDS))),
            st.tuples(st.just("text"), ANY_TEXT),
            st.tuples(st.just("button"), st.text(max_size=30) | st.sampled_from([f"{s}:x" for s in STEP_IDS])),
            st.tuples(st.just("kind"), st.sampled_from(["media", "location", "edit", "contact"])),
        ),
        min_size=1, max_size=8,
    ))


def _check(conv: Conversation) -> None:
    """Fail unless the state is a known step and survives a trip through JSON unchanged."""
    assert conv.step in STEP_IDS or conv.step == CONFIRM_ERASE.id, conv.step
    stored = json.loads(json.dumps(conv.to_json(), ensure_ascii=False))
    again = Conversation.from_json(stored, conv.profile)
    assert again.to_json() == conv.to_json()


@pytest.fixture(scope="module")
def env():  # type: ignore[no-untyped-def]
    """Return an engine environment with the compiled catalogues."""
    from bot.engine.context import Env
    from bot.i18n import compile_catalogues, load_translations
    from bot.store.digests import pan_digester

    compile_catalogues()
    return Env(translations=load_translations(), pan_digest=pan_digester("test-engine-properties-key-0123456789"))


@ENGINE
@given(step=st.sampled_from(STEP_IDS), script=st.sampled_from(["deva", "latin", "en"]), profile=PROFILES, turns=_turns(),
       cleaned=st.booleans(), channel=st.sampled_from(["telegram", "whatsapp"]))
def test_any_turns_at_any_step_never_raise_and_keep_a_sound_state(env, step, script, profile, turns, cleaned, channel) -> None:  # type: ignore[no-untyped-def]
    conv = replace(conversation_at(step, script), profile=profile)
    buttons: tuple = ()
    now = NOW
    for how, what in turns:
        if how == "tap":
            if not buttons:
                continue
            inbound = Inbound(kind="button", button=buttons[int(what) % len(buttons)].id)  # type: ignore[call-overload]
        elif how == "text":
            text = clean_text(str(what)) if cleaned else str(what)
            inbound = Inbound(kind="text", text=text)
        elif how == "button":
            inbound = Inbound(kind="button", button=str(what))
        else:
            inbound = Inbound(kind=str(what), phone="+919876543210" if what == "contact" else None)
        now += timedelta(hours=7)
        result = resume(conv, inbound, now=now, env=env, channel=channel)
        conv = result.conversation
        _check(conv)
        assert result.replies or conv.opted_out or inbound.kind == "edit" or result.events  # someone always answers
        for reply in result.replies:
            assert reply.text.strip()
            if cleaned:
                reply.text.encode("utf-8")  # what goes out can be stored and sent
        buttons = next((r.buttons for r in reversed(result.replies) if r.buttons), ())
