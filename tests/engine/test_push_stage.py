"""Stages reported from outside move the journey on, once, and tell the seller what comes next."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.engine.conversation import push_stage, reminder
from bot.engine.model import Conversation, Profile, StageReached

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def _at_checklist(**profile: object) -> Conversation:
    return Conversation(step="checklist", language="hi", stage="profiled", asked=True, consent_version="v1",
                        history=["ask_language", "ask_consent", "ask_name"], profile=Profile(name="Sita", **profile))


def test_a_pushed_gem_account_moves_to_the_profile_step(env) -> None:  # type: ignore[no-untyped-def]
    result = push_stage(_at_checklist(), "gem_account", now=NOW, env=env, channel="whatsapp")
    assert result.conversation.step == "gem_profile" and result.conversation.stage == "gem_account"
    assert [e.stage for e in result.events if isinstance(e, StageReached)] == ["documents_ready", "gem_account"]
    assert "🎉" in result.replies[0].text and result.replies[-1].buttons[0].id == "gem_profile:done"
    assert "checklist" in result.conversation.history and "gem_signup" in result.conversation.history


def test_vendor_assessment_is_skipped_for_traders(env) -> None:  # type: ignore[no-untyped-def]
    result = push_stage(_at_checklist(makes_products=False), "gem_profile_complete", now=NOW, env=env, channel="whatsapp")
    assert result.conversation.step == "gem_catalogue"


def test_pushing_a_stage_already_reached_changes_nothing(env) -> None:  # type: ignore[no-untyped-def]
    first = push_stage(_at_checklist(), "gem_account", now=NOW, env=env, channel="whatsapp")
    again = push_stage(first.conversation, "gem_account", now=NOW, env=env, channel="whatsapp")
    assert again.replies == [] and again.events == [] and again.conversation.step == "gem_profile"


def test_an_opted_out_seller_moves_on_silently(env) -> None:  # type: ignore[no-untyped-def]
    conv = _at_checklist()
    conv.opted_out = True
    result = push_stage(conv, "catalogue_listed", now=NOW, env=env, channel="whatsapp")
    assert result.replies == [] and result.conversation.step == "registered"


def test_early_stages_cannot_be_pushed(env) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="cannot be set from outside"):
        push_stage(_at_checklist(), "consented", now=NOW, env=env, channel="whatsapp")


@pytest.mark.parametrize(("number", "buttons"), [(1, ["cmd:resume"]), (3, ["cmd:resume", "cmd:human"])], ids=["first", "last"])
def test_reminders_name_the_next_step_in_the_sellers_language(env, number: int, buttons: list[str]) -> None:  # type: ignore[no-untyped-def]
    reply = reminder(_at_checklist(), number, 3, now=NOW, env=env, channel="whatsapp")
    assert "Sita" in reply.text and "चेकलिस्ट" in reply.text
    assert [b.id for b in reply.buttons] == buttons


def test_progress_at_the_end_says_the_journey_is_complete_with_the_steps_this_seller_saw(env) -> None:  # type: ignore[no-untyped-def]
    from bot.engine.conversation import resume
    from bot.engine.model import Inbound

    done = push_stage(_at_checklist(makes_products=False), "catalogue_listed", now=NOW, env=env, channel="whatsapp").conversation
    assert done.step == "registered"
    reply = resume(done, Inbound(kind="text", text="मेरी स्थिति"), now=NOW, env=env, channel="whatsapp").replies[-1]
    assert "पूरा हुआ" in reply.text and "अगला" not in reply.text  # complete; nothing is "next"
    assert [b.id for b in reply.buttons] == ["cmd:menu"]
    maker = push_stage(_at_checklist(makes_products=True), "catalogue_listed", now=NOW, env=env, channel="whatsapp").conversation
    for_maker = resume(maker, Inbound(kind="text", text="मेरी स्थिति"), now=NOW, env=env, channel="whatsapp").replies[-1].text

    def total(text: str) -> int:
        return int(next(word for word in text.replace(":", " ").split() if word.isdigit()))

    assert total(for_maker) == total(reply.text) + 1  # a maker also sees the vendor assessment; a trader never does
