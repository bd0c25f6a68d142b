"""Run one turn of the conversation: read the seller's message, move the journey on, say what comes next."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine import understanding
from bot.engine import validators as v
from bot.engine.commands import match_command
from bot.engine.context import IST, Env, Turn
from bot.engine.model import (
    CONSENT_NOTICE_VERSION,
    CONSENT_PURPOSE,
    STAGE_RANK,
    STAGES,
    AadhaarDetected,
    Button,
    CallbackRequested,
    ConsentGiven,
    Conversation,
    EraseConfirmed,
    Inbound,
    OptedIn,
    OptedOut,
    Reply,
    Result,
    StageReached,
)
from bot.engine.steps import (
    N_,
    STEP_BY_ID,
    STEP_IDS,
    STEPS,
    ConsentRefused,
    ConsentStep,
    Clarify,
    Invalid,
    Later,
    Option,
    ShowHelp,
    ShowMenu,
    Step,
    TextStep,
)

RESUME_AFTER = timedelta(hours=6)  # silence after which a greeting gets a recap
MAX_TRIES = 3
CALLBACK_WORKING_DAYS = 2

GREETINGS = frozenset(
    v.fold(g)
    for g in (
        "hi", "hii", "hello", "helo", "hlo", "hey", "namaste", "namaskar", "namaskaar", "नमस्ते", "नमस्कार",
        "ram ram", "राम राम", "pranam", "प्रणाम", "good morning", "हेलो", "हाय", "jai hind", "जय हिंद",
    )
)

# Words that may go with a greeting without making it an answer: "hello good morning", "namaste ji".
_WITH_GREETING = frozenset(v.fold(w) for w in ("ji", "jee", "sir", "bhai", "bhaiya", "madam", "dear", "good", "morning", "evening",
                                               "afternoon", "जी", "सर", "भाई", "भैया", "सुप्रभात", "everyone", "there", "thanks",
                                               "dhanyavad", "dhanyawad", "धन्यवाद", "well", "ok"))


def _greets(text: str) -> bool:
    """Say whether a message is only a greeting ("namaste", "hello good morning sir"), not a name such as "Ram"."""
    folded = v.fold(text)
    split = folded.split()
    words = [w for i, w in enumerate(split) if w not in _WITH_GREETING and (i == 0 or w != split[i - 1])]
    return folded in GREETINGS or " ".join(words) in GREETINGS  # "hello, hello good morning"


STAGE_TITLES = {
    "engaged": N_("Started"),
    "consented": N_("Consent given"),
    "profiled": N_("Business details given"),
    "documents_ready": N_("Documents ready"),
    "gem_account": N_("GeM account made"),
    "gem_profile_complete": N_("GeM profile complete"),
    "catalogue_listed": N_("Catalogue listed"),
}
# The stage each step's completion brings a seller to.
STAGE_AFTER_STEP = {
    "ask_consent": "consented",
    "ask_turnover": "profiled",
    "gem_signup": "gem_account",
    "gem_caution_money": "gem_profile_complete",
    "gem_catalogue": "catalogue_listed",
}
MENU = (
    Option("continue", N_("Continue")),
    Option("status", N_("My progress")),
    Option("help", N_("Help")),
    Option("language", N_("Language")),
    Option("human", N_("Talk to a person")),
    Option("erase", N_("Erase my data")),
)


class ConfirmEraseStep(Step):
    id = "confirm_erase"
    title = N_("Erase my data")
    skippable = False
    options = (Option("yes", N_("Yes, erase"), ("haan", "ha", "yes", "ji")), Option("no", N_("No, keep it"), ("nahi", "no", "na")))

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(
            turn._(N_("Erase all your data? Your name, business details and messages will be deleted and your consent withdrawn. This cannot be undone.")),
            self.buttons(turn),
        )

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        # Not a thumbs-up: what cannot be undone is said in words or with the button.
        said = v.parse_yes_no(inbound.text or "", signs=False) if not inbound.button else None
        raise EraseDecided((said if said in ("yes", "no") else self.choose(turn, inbound)) == "yes")


class EraseDecided(Exception):
    """Signal that the seller answered the erase question."""

    def __init__(self, erase: bool) -> None:
        super().__init__(erase)
        self.erase = erase


CONFIRM_ERASE = ConfirmEraseStep()
ALL_STEPS = {**STEP_BY_ID, CONFIRM_ERASE.id: CONFIRM_ERASE}


def new_conversation() -> Conversation:
    """Return the state of a seller who has never written."""
    return Conversation()


def resume(conv: Conversation, inbound: Inbound, *, now: datetime, env: Env, channel: str) -> Result:
    """Read one inbound message and return the new state, the replies and the events; performs no I/O."""
    conv = conv.copy()
    turn = Turn(env=env, now=now, channel=channel, lang=conv.language or "hi")
    silent_for = now - conv.last_seen if conv.last_seen else None
    conv.last_seen = now
    if conv.stage is None:
        _reach(conv, turn, "engaged")
    _handle(conv, turn, inbound, silent_for)
    if inbound.phone and conv.consent_version and conv.profile.mobile is None and not conv.opted_out:
        conv.profile.mobile = inbound.phone
    return Result(conversation=conv, replies=turn.replies, events=turn.events, understood=turn.understood)


def _handle(conv: Conversation, turn: Turn, inbound: Inbound, silent_for: timedelta | None) -> None:
    text = inbound.text or ""
    if text and v.contains_aadhaar(text):
        turn.events.append(AadhaarDetected(at=turn.now))
        turn.say(turn._(N_("Please don't share your Aadhaar number — we never need it, and it has not been saved.")))
        _ask(conv, turn)
        return
    if inbound.kind == "edit":
        turn.say(turn._(N_("I only read new messages. Please send the correction as a new message.")))
        return
    if inbound.kind in ("media", "location"):
        turn.say(turn._(N_("I can only read text. Please type your answer or tap a button.")))
        _ask(conv, turn)
        return

    command = _command_of(inbound)
    if command and not inbound.button and not conv.opted_out and conv.asked and command == ALL_STEPS[conv.step].request_answered:
        command = None  # "start" at the checklist starts the GeM sign-up: the step's own answer
    if conv.opted_out and command not in ("start", "erase", "stop"):
        turn.say(turn._(N_("Messages are paused. Send START to continue where you left off.")))
        return
    if command:
        _request(conv, turn, command, silent_for)
        return
    if inbound.button and not inbound.button.startswith(conv.step + ":"):
        _ask(conv, turn)  # a button from an earlier question: show the current one again
        return
    if not conv.asked:
        _ask(conv, turn)
        return
    if _greets(text):
        if silent_for and silent_for >= RESUME_AFTER:
            _recap(conv, turn)
        turn.understood = "ask"  # no answer in it: the question is asked again
        _ask(conv, turn)
        return
    _answer(conv, turn, inbound, silent_for)


def _request(conv: Conversation, turn: Turn, command: str, silent_for: timedelta | None) -> None:
    """Carry out a request (a command typed, tapped or said in a sentence) and note that it was understood so."""
    turn.understood = f"cmd:{command}"
    _run_command(conv, turn, command, silent_for)


def _command_of(inbound: Inbound) -> str | None:
    if inbound.button:
        return inbound.button[4:] if inbound.button.startswith("cmd:") else None
    return match_command(inbound.text or "") if inbound.kind == "text" else None


def _asks_why(step: Step, text: str) -> bool:
    """Say whether an answer the step could not take asks about the question, or says yes where a number or name was asked."""
    if understanding.doubt_in(text) == "question":
        return True
    if step.questions_are_answers and text.strip() and not understanding.about_gem(text):
        return True  # "dukan pe customer aa gaya" at a GeM step: say what this step is for, with its buttons
    if not isinstance(step, TextStep) and not step.questions_are_answers and understanding.not_at_hand(text):
        return True  # "soch ke batata hu", "CA se puchkar bataunga": no answer yet, so say what it is for and show the buttons
    return isinstance(step, TextStep) and (understanding.yes_no_in("yes_no", text, ("yes", "no")) == "yes" or understanding.lacks(text)
                                           or understanding.asked_about(step.id, text)  # "udyog aadhaar hai", "landline 0522…"
                                           or understanding.refuses(text))  # "PAN nahi dena": say why it is asked


def _answer(conv: Conversation, turn: Turn, inbound: Inbound, silent_for: timedelta | None) -> None:
    step = ALL_STEPS[conv.step]
    if inbound.text:
        # A request said as a sentence ("mujhe kisi se baat karni hai") in a phrase of two words or more is looked for
        # first; at the language question, naming a language is the answer itself.
        command = understanding.command_in(inbound.text, shortest=2, paired=False)
        if understanding.help_beside(inbound.text) or step.written_as_a_name(inbound.text):
            command = None  # "we have no Udyam yet, kindly guide": the answer is taken; the help is asked for only if there is none
        if command == "status" and step.questions_are_answers and understanding.done_then_next(inbound.text):
            command = None  # "profile bhar di, agla step batao": the step is done, and the next one is what comes after it
        if command and not step.answers_request(command, inbound.text) and not (command == "help" and step.questions_are_answers):
            _request(conv, turn, command, silent_for)
            return
    try:
        step.accept(conv, turn, inbound)
    except Invalid as invalid:
        turn.understood = "ask" if isinstance(invalid, Clarify) else None
        command = understanding.command_in(inbound.text) if inbound.text and not step.written_as_a_name(inbound.text) else None
        if command == "status" and isinstance(invalid, Clarify) and step.questions_are_answers:
            command = None  # "signup wala step ho gaya" at the profile: a step told of, which the seller is asked about, not progress asked for
        if command == "help" and step.questions_are_answers and understanding.beyond_gem(inbound.text or ""):
            command = None  # "do you also help with tenders?": not this step's help; the seller is told what the bot is for
        if command and not step.answers_request(command, inbound.text or ""):  # a request, not an answer to ask about
            _request(conv, turn, command, silent_for)
            return
        if silent_for and silent_for >= RESUME_AFTER:
            _recap(conv, turn)
            _ask(conv, turn)
            return
        if not isinstance(invalid, Clarify) and step.why and _asks_why(step, inbound.text or ""):
            turn.understood = "ask"  # "naam kyu chahiye", or "haan hai" without the number: say why the step asks, and how to answer
            turn.say(turn._(step.why), step.current_buttons(conv, turn))
            return
        if not isinstance(invalid, Clarify) and isinstance(step, TextStep) and understanding.not_at_hand(inbound.text or ""):
            turn.understood = "ask"  # "PAN ghar pe hai, baad me bhejta hu": nothing to read yet, and nothing lost
            turn.say(turn._(N_("No problem — send it when you have it. Your answers so far are saved.")), step.current_buttons(conv, turn))
            return
        if invalid.counts:
            conv.retries += 1
        if conv.retries >= MAX_TRIES:
            _offer_way_out(conv, turn, step, invalid.message)
        else:
            buttons = invalid.buttons if invalid.buttons is not None else step.current_buttons(conv, turn)
            turn.say(invalid.message, buttons)
        return
    except ConsentRefused:
        turn.understood = f"{step.id}:no"
        turn.say(turn._(N_("No problem — nothing has been saved. If you change your mind, send START.")))
        conv.asked = False
        return
    except Later:
        turn.understood = f"{step.id}:later"
        turn.say(turn._(N_("OK. Your progress is saved; I'll remind you in a few days. Send any message when you are ready.")))
        return
    except ShowHelp:
        turn.understood = f"{step.id}:help"
        turn.say(turn._(step.help or GENERAL_HELP), step.current_buttons(conv, turn))
        return
    except ShowMenu:
        text = inbound.text or ""
        command = understanding.command_in(text) if text else None
        if command and not step.answers_request(command, text):  # after the journey, a request said as a sentence is still carried out
            _request(conv, turn, command, silent_for)
            return
        if command or inbound.button:
            turn.understood = f"{step.id}:{step.options[0].id}"
        elif step.why and (understanding.doubt_in(text) == "question" or understanding.thanks(text)):
            turn.understood = "ask"  # "pehla order kab aayega?", "thank you": say what the bot can do from here
            turn.say(turn._(step.why), step.current_buttons(conv, turn))
            return
        _menu(conv, turn)
        return
    except EraseDecided as decided:
        turn.understood = f"confirm_erase:{'yes' if decided.erase else 'no'}"
        _finish_erase(conv, turn, decided.erase)
        return
    turn.understood = turn.understood or "value"
    if isinstance(step, ConsentStep):
        conv.consent_version = CONSENT_NOTICE_VERSION
        turn.events.append(ConsentGiven(notice_version=CONSENT_NOTICE_VERSION, purpose=CONSENT_PURPOSE, at=turn.now))
    _advance(conv, turn, step)


def _advance(conv: Conversation, turn: Turn, step: Step) -> None:
    stage = STAGE_AFTER_STEP.get(step.id)
    if stage:
        _reach(conv, turn, stage)
    if step.id == "ask_language" and conv.return_step:
        conv.step, conv.return_step = conv.return_step, None
    else:
        conv.history.append(step.id)
        conv.step = _next_step(conv, turn, step.id)
    p = conv.profile
    if p.pan_masked and p.has_bank_account and p.aadhaar_mobile_linked and p.email:
        _reach(conv, turn, "documents_ready")
    conv.retries = 0
    _ask(conv, turn)


def _next_step(conv: Conversation, turn: Turn, after: str) -> str:
    for step in STEPS[STEP_IDS.index(after) + 1 :]:
        if step.applies(conv, turn):
            return step.id
    return STEP_IDS[-1]


def _ask(conv: Conversation, turn: Turn) -> None:
    if conv.step in STEP_BY_ID and not STEP_BY_ID[conv.step].applies(conv, turn):
        # A step that no longer fits the seller (two records merged into one, say) is passed, not asked.
        conv.step = _next_step(conv, turn, conv.step)
    conv.asked = True
    ALL_STEPS[conv.step].ask(conv, turn)


def _reach(conv: Conversation, turn: Turn, stage: str) -> None:
    """Move the funnel stage forward, recording every stage passed on the way."""
    current = STAGE_RANK[conv.stage] if conv.stage else -1
    for passed in STAGES[current + 1 : STAGE_RANK[stage] + 1]:
        turn.events.append(StageReached(stage=passed, previous=conv.stage, at=turn.now))
        conv.stage = passed


def _recap(conv: Conversation, turn: Turn) -> None:
    title = turn._(ALL_STEPS[conv.step].title)
    if conv.profile.name:
        turn.say(turn._(N_("Welcome back, {name}! You had reached: {step}. Let's continue."), name=conv.profile.name, step=title))
    else:
        turn.say(turn._(N_("Welcome back! You had reached: {step}. Let's continue."), step=title))


def _offer_way_out(conv: Conversation, turn: Turn, step: Step, problem: str) -> None:
    buttons = [Button("cmd:help", turn._(N_("Help")))]
    if step.skippable:
        buttons.append(Button("cmd:skip", turn._(N_("Skip"))))
    buttons.append(Button("cmd:human", turn._(N_("Talk to a person"))))
    turn.say(problem + "\n" + turn._(N_("Having trouble with this one? You can get help, skip it for now, or talk to a person.")), buttons)


GENERAL_HELP = N_(
    "You can type any time:\n"
    "• menu — all options\n"
    "• status — your progress\n"
    "• back — previous question\n"
    "• language — हिंदी / English\n"
    "• talk to a person — a call from the department\n"
    "• STOP / START — pause or resume messages\n"
    "• erase my data — delete everything"
)


def _menu(conv: Conversation, turn: Turn) -> None:
    buttons = [Button(f"cmd:{o.id}", turn._(o.title)) for o in MENU]
    turn.say(turn._(N_("What would you like to do?")), buttons)


def _run_command(conv: Conversation, turn: Turn, command: str, silent_for: timedelta | None) -> None:
    step = ALL_STEPS[conv.step]
    if command == "stop":
        if not conv.opted_out:
            conv.opted_out = True
            turn.events.append(OptedOut(at=turn.now))
        turn.say(turn._(N_("Done — you won't get messages from us. Your progress is saved. Send START to resume.")))
    elif command == "start":
        if conv.opted_out:
            conv.opted_out = False
            turn.events.append(OptedIn(at=turn.now))
            turn.say(turn._(N_("Welcome back! Messages are on again.")))
        elif conv.asked and conv.step != "ask_language":
            _recap(conv, turn)
        _ask(conv, turn)
    elif command == "erase":
        if conv.step != CONFIRM_ERASE.id:
            conv.return_step = conv.step
            conv.step = CONFIRM_ERASE.id
        _ask(conv, turn)
    elif command == "menu":
        _menu(conv, turn)
    elif command == "continue":
        _ask(conv, turn)
    elif command == "resume":
        _recap(conv, turn)
        _ask(conv, turn)
    elif command == "help":
        turn.say(turn._(step.help or GENERAL_HELP), step.current_buttons(conv, turn) if step.help else [Button("cmd:continue", turn._(N_("Continue")))])
    elif command == "status":
        _status(conv, turn)
    elif command == "language":
        if conv.step != "ask_language":
            conv.return_step = conv.step
            conv.step = "ask_language"
        _ask(conv, turn)
    elif command == "back":
        _back(conv, turn)
    elif command == "human":
        expected = _working_days_later(turn.now, CALLBACK_WORKING_DAYS)
        turn.events.append(CallbackRequested(step=conv.step, at=turn.now, expected_by=expected))
        turn.say(
            turn._(
                N_("Noted. Someone from the MSME department will call or message you by {day} (working days, 10 am–5 pm). Meanwhile you can carry on here."),
                day=turn.day(expected),
            )
        )
    elif command == "skip":
        if step.skippable and conv.asked:
            _advance(conv, turn, step)
        else:
            _ask(conv, turn)


def _back(conv: Conversation, turn: Turn) -> None:
    target = conv.return_step
    conv.return_step = None
    while target is None and conv.history and conv.history[-1] not in ("ask_language", "ask_consent"):
        candidate = conv.history.pop()
        if ALL_STEPS[candidate].applies(conv, turn):
            target = candidate
    if target is None:
        turn.say(turn._(N_("There is no earlier question to go back to.")))
    else:
        conv.step = target
    conv.retries = 0
    _ask(conv, turn)


def _status(conv: Conversation, turn: Turn) -> None:
    path = [s.id for s in STEPS if s.applies(conv, turn) or s.id in conv.history]
    current = conv.return_step or conv.step
    done = path.index(current) if current in path else len(conv.history)
    stage = turn._(STAGE_TITLES[conv.stage or "engaged"])
    if current == STEPS[-1].id:  # the journey's end: nothing is next
        turn.say(turn._(N_("Your journey is complete: all {total} steps done. Stage: {stage}."), total=len(path) - 1, stage=stage),
                 [Button("cmd:menu", turn._(N_("Menu")))])
        return
    turn.say(
        turn._(N_("Your progress: {done} of {total} steps done. Stage: {stage}.\nNext: {next}."), done=done, total=len(path) - 1, stage=stage, next=turn._(ALL_STEPS[current].title)),
        [Button("cmd:continue", turn._(N_("Continue"))), Button("cmd:menu", turn._(N_("Menu")))],
    )


def _working_days_later(now: datetime, days: int) -> datetime:
    """Return the moment `days` working days (Monday to Saturday, as government offices in UP keep) after now."""
    moment = now.astimezone(IST)
    while days:
        moment += timedelta(days=1)
        if moment.weekday() != 6:
            days -= 1
    return moment


def _finish_erase(conv: Conversation, turn: Turn, erase: bool) -> None:
    if not erase:
        conv.step, conv.return_step = conv.return_step or STEP_IDS[0], None
        turn.say(turn._(N_("OK, nothing was erased.")))
        _ask(conv, turn)
        return
    turn.events.append(EraseConfirmed(at=turn.now))
    turn.say(turn._(N_("Your data has been erased and your consent withdrawn. Send hi any time to start afresh.")))
    fresh = new_conversation()
    for name in fresh.__dataclass_fields__:
        setattr(conv, name, getattr(fresh, name))


# Where the journey continues once GeM (or a department) reports that a stage was reached.
STEP_AFTER_PUSHED_STAGE = {
    "gem_account": "gem_profile",
    "gem_profile_complete": "gem_vendor_assessment",
    "catalogue_listed": "registered",
}
PUSHABLE_STAGES = tuple(STEP_AFTER_PUSHED_STAGE)


def push_stage(conv: Conversation, stage: str, *, now: datetime, env: Env, channel: str) -> Result:
    """Apply a GeM stage reported from outside: congratulate, move on, give the next step; no-op if not ahead."""
    if stage not in STEP_AFTER_PUSHED_STAGE:
        raise ValueError(f"stage {stage!r} cannot be set from outside; one of {', '.join(PUSHABLE_STAGES)}")
    conv = conv.copy()
    turn = Turn(env=env, now=now, channel=channel, lang=conv.language or "hi")
    if conv.stage and STAGE_RANK[conv.stage] >= STAGE_RANK[stage]:
        return Result(conversation=conv, replies=[], events=[])
    _reach(conv, turn, stage)
    target = STEP_AFTER_PUSHED_STAGE[stage]
    if not ALL_STEPS[target].applies(conv, turn):
        target = _next_step(conv, turn, target)
    here = STEP_IDS.index(conv.step) if conv.step in STEP_IDS else 0
    there = STEP_IDS.index(target)
    if there > here:
        conv.history.extend(s.id for s in STEPS[here:there] if s.applies(conv, turn) and s.id not in conv.history)
        conv.step, conv.return_step, conv.retries = target, None, 0
    if conv.opted_out:
        return Result(conversation=conv, replies=[], events=turn.events)
    turn.say(turn._(N_("🎉 Well done! GeM shows you have reached: {stage}."), stage=turn._(STAGE_TITLES[stage])))
    _ask(conv, turn)
    return Result(conversation=conv, replies=turn.replies, events=turn.events)


def reminder(conv: Conversation, number: int, total: int, *, now: datetime, env: Env, channel: str) -> Reply:
    """Return the status reminder a stalled seller gets; the last one also offers a call from staff."""
    turn = Turn(env=env, now=now, channel=channel, lang=conv.language or "hi")
    step = turn._(ALL_STEPS[conv.return_step or conv.step].title)
    if conv.profile.name:
        text = turn._(N_("Namaste {name}! Your GeM registration is waiting at: {step}. It takes only a few minutes."), name=conv.profile.name, step=step)
    else:
        text = turn._(N_("Namaste! Your GeM registration is waiting at: {step}. It takes only a few minutes."), step=step)
    buttons = [Button("cmd:resume", turn._(N_("Continue")))]
    if number >= total:
        text += "\n" + turn._(N_("Stuck somewhere? Someone from the MSME department can call you."))
        buttons.append(Button("cmd:human", turn._(N_("Talk to a person"))))
    return Reply(text=text, buttons=tuple(buttons))
