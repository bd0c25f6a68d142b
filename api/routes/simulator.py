"""Serve the simulator: try the bot with no credentials, as Telegram or WhatsApp would carry it."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response

from api.deps import AppStateDep
from api.responses import invalid, refused
from api.schemas import (
    ButtonPublic,
    ReplyPublic,
    SellerProfilePublic,
    SimulatedReminder,
    SimulatorAdvance,
    SimulatorAdvanced,
    SimulatorMessage,
    SimulatorTurn,
)
from api.simulator_page import render_page
from bot.engine import validators
from bot.engine.clean import BUTTON_MAX, ID_MAX, PHONE_MAX, TEXT_MAX, clean_id, clean_text
from bot.engine.model import Inbound
from bot.engine.steps import CONTACT_BUTTON
from bot.reminders import advance_simulated

router = APIRouter(tags=["simulator"])
SIMULATOR_CHANNEL = "simulator"
# The address is "<channel>:<user>" in a 64-character column, so a user name has 64 less "whatsapp:" left.
USER_MAX = ID_MAX - len("whatsapp:")


def _require_enabled(state: AppStateDep) -> None:
    if not state.settings.simulator_on:
        raise HTTPException(status_code=404, detail="The simulator is off here.")


def _invalid(field: str, message: str) -> RequestValidationError:
    """Return a refusal shaped like FastAPI's own 422 (HTTPValidationError), as the schema documents it."""
    return invalid(message, "body", field)


def _user(user: str) -> str:
    cleaned = clean_id(user, USER_MAX)
    if cleaned is None:
        raise _invalid("user", f"user must be 1 to {USER_MAX} characters")
    if validators.contains_aadhaar(cleaned):
        raise _invalid("user", "user must not hold an Aadhaar number; pick any other name for the simulated seller")
    return cleaned


def _cleaned(message: SimulatorMessage) -> SimulatorMessage:
    """Return the message with its text, button and phone cleaned at the edge like a channel's."""
    return message.model_copy(
        update={
            "text": None if message.text is None else clean_text(message.text, TEXT_MAX),
            "button": None if message.button is None else clean_text(message.button, BUTTON_MAX, multiline=False),
            "phone": None if message.phone is None else clean_text(message.phone, PHONE_MAX, multiline=False),
        }
    )


def _inbound_of(message: SimulatorMessage) -> Inbound:
    phone = None
    if message.phone:
        try:
            phone = validators.find_mobile(message.phone)
        except validators.InvalidInput:
            raise _invalid("phone", "phone must be an Indian mobile number, e.g. +919876543210") from None
    kind = message.kind
    if message.button == CONTACT_BUTTON:
        if not phone:
            raise _invalid("phone", "sharing a contact needs a phone number")
        return Inbound(kind="contact", phone=phone)
    if kind is None:
        if message.button:
            kind = "button"
        elif message.text is not None:
            kind = "text"
        elif phone and message.channel == "telegram":
            kind = "contact"
        else:
            raise _invalid("text", "send text, a button id, or (on Telegram) a shared phone number")
    return Inbound(kind=kind, text=message.text, button=message.button, phone=phone)


@router.post("/api/simulator/messages", response_model=SimulatorTurn, responses=refused(404, "The simulator is off here"))
async def post_message(message: SimulatorMessage, state: AppStateDep) -> Response:
    """Send one message as a simulated seller and return the bot's replies and the seller's state."""
    _require_enabled(state)
    user = _user(message.user)
    message = _cleaned(message)
    inbound = _inbound_of(message)
    handled = await state.run_turn(
        lambda: state.runner.handle(
            channel=SIMULATOR_CHANNEL, external_id=f"{message.channel}:{user}", inbound=inbound, is_test=True, renders_as=message.channel
        )
    )
    conv = handled.conversation
    seller = None if handled.seller is not None and handled.seller.erased_at else handled.seller
    turn = SimulatorTurn(
        replies=[ReplyPublic.of(r) for r in handled.replies],
        step=conv.step,
        stage=conv.stage or "engaged",
        language=conv.language or "hi",
        profile=SellerProfilePublic.of(seller),
    )
    # Built and checked just above: sent as is rather than validated a second time by FastAPI.
    return Response(turn.model_dump_json(), media_type="application/json")


@router.post("/api/simulator/advance", response_model=SimulatorAdvanced, responses=refused(404, "No simulated seller with that user, or no simulator"))
def advance(body: SimulatorAdvance, state: AppStateDep) -> SimulatorAdvanced:
    """Move a simulated seller's clock ahead and return the status reminders they would have had."""
    _require_enabled(state)
    user = _user(body.user)
    seller, reminders = advance_simulated(
        engine=state.engine, env=state.env, policy=state.runner.policy, now=state.clock(),
        channel=SIMULATOR_CHANNEL, external_ids=[f"whatsapp:{user}", f"telegram:{user}"], hours=body.hours,
    )
    if seller is None:
        raise HTTPException(status_code=404, detail="no simulated seller with that user; send a message first")
    return SimulatorAdvanced(
        now=state.clock() + timedelta(seconds=seller.clock_offset_seconds),
        reminders=[
            SimulatedReminder(at=at, text=reply.text, buttons=[ButtonPublic(id=b.id, title=b.title) for b in reply.buttons])
            for at, reply in reminders
        ],
    )


OFF_PAGE = {404: {"description": "The simulator is off here (a page for a browser)", "content": {"text/html": {}, "application/json": {}}}}


@router.get("/simulator", response_class=HTMLResponse, responses=OFF_PAGE)
def simulator_page(state: AppStateDep, lang: str = "hi") -> HTMLResponse:
    """Serve the phone-like chat page."""
    _require_enabled(state)
    return HTMLResponse(render_page(state.env, lang if lang in ("hi", "en") else "hi"))
