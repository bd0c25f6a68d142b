"""Receive provider webhooks: check the signature or secret first, parse, apply in one transaction, then answer."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from api.deps import AppStateDep
from api.responses import refused
from bot.channels import telegram, whatsapp
from bot.delivery import StatusUpdate
from bot.intake import take_inbound

log = logging.getLogger(__name__)
router = APIRouter(tags=["webhooks"], responses={**refused(403, "Bad secret token or signature"), **refused(404, "The channel is not configured")})
FORM_TYPE = "application/x-www-form-urlencoded"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
TWILIO_REFUSALS = {**refused(413, "More form fields than Twilio sends"), **refused(415, f"Not {FORM_TYPE}")}


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request, state: AppStateDep) -> Response:
    """Receive one Telegram update; answer a button tap in the response so its spinner stops."""
    settings = state.settings
    if not settings.telegram_on:
        raise HTTPException(status_code=404, detail="Telegram is not configured")
    expected = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else None
    if not telegram.secret_matches(expected, request.headers.get(telegram.SECRET_HEADER)):
        raise HTTPException(status_code=403, detail="bad secret token")
    try:
        data = await request.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to read: no update Telegram sends
        log.warning("telegram webhook body is not JSON; ignored")
        return JSONResponse({})
    parsed = telegram.parse_update(data if isinstance(data, dict) else {})
    if parsed.message is None:
        log.info("telegram update ignored: %s", parsed.ignored_reason)
        return JSONResponse({})
    message = parsed.message
    await state.run_turn(lambda: take_inbound(state.runner, message))
    return JSONResponse(parsed.answer or {})


async def _signed_twilio_form(request: Request, state: AppStateDep) -> dict[str, str]:
    settings = state.settings
    if not settings.whatsapp_on:
        raise HTTPException(status_code=404, detail="WhatsApp is not configured")
    # The signature is checked over the raw body's fields before anything else reads them: the body (capped while it
    # is read, api/limits.py) is split into plain strings here, never handed to a multipart or file parser.
    if request.headers.get("content-type", "").split(";", 1)[0].strip().lower() != FORM_TYPE:
        raise HTTPException(status_code=415, detail=f"Twilio posts {FORM_TYPE}")
    params = whatsapp.read_form(await request.body())
    if params is None:
        raise HTTPException(status_code=413, detail=f"more than {whatsapp.FORM_FIELDS_MAX} form fields")
    if settings.public_base_url:
        url = whatsapp.public_url(settings.public_base_url, request.url.path, request.url.query)
    else:
        url = str(request.url)
    token = settings.twilio_auth_token.get_secret_value() if settings.twilio_auth_token else ""
    if not whatsapp.signature_valid(token, url, params, request.headers.get(whatsapp.SIGNATURE_HEADER)):
        raise HTTPException(status_code=403, detail="bad signature")
    return params


@router.post("/webhooks/twilio/whatsapp", responses={200: {"content": {"text/xml": {}}}, **TWILIO_REFUSALS})
async def whatsapp_webhook(request: Request, state: AppStateDep) -> Response:
    """Receive one WhatsApp message through Twilio; replies go through the outbox, not TwiML."""
    params = await _signed_twilio_form(request, state)
    message = whatsapp.parse_inbound(params)
    if message is None:
        log.info("twilio webhook without sender or message id; ignored")
    else:
        await state.run_turn(lambda: take_inbound(state.runner, message))
    return Response(EMPTY_TWIML, media_type="text/xml")


@router.post("/webhooks/twilio/status", status_code=204, responses=TWILIO_REFUSALS)
async def twilio_status(request: Request, state: AppStateDep) -> Response:
    """Record a delivery status for one outbound WhatsApp message."""
    params = await _signed_twilio_form(request, state)
    update = whatsapp.parse_status(params)
    if update is None:
        return Response(status_code=204)

    recorded = await state.statuses.record(StatusUpdate("whatsapp", update.provider_message_id, update.status, update.error_code))
    if recorded is None:
        log.info("status for a message not known yet, kept a day in case its id is still to be written: %s", update.provider_message_id)
    elif recorded == "resent":
        state.outbox.wake()  # a template to send in place of a message the closed window refused
    return Response(status_code=204)
