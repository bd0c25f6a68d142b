"""Define the GeM registration journey: each step's question, how it reads an answer, and what it stores."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from bot.engine import understanding
from bot.engine import validators as v
from bot.engine.context import N_, Turn
from bot.engine.districts import DistrictMatch, by_code, marked_district, match_district, names_of, names_only_a_road, in_devanagari, spoken_in_latin
from bot.engine.model import Button, Conversation, Inbound
from bot.engine.names import differs_on_paper, led_by_a_request_word, looks_like_a_name, name_in, says_two_names, written_out


class Invalid(Exception):
    """Signal an answer the step cannot take; carry the explanation to show the seller."""

    counts = True  # whether it uses up one of the seller's tries at this step

    def __init__(self, message: str, buttons: list[Button] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.buttons = buttons


class Clarify(Invalid):
    """Ask the seller back about their answer, such as which of two districts they meant."""

    counts = False


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    title: str  # msgid
    synonyms: tuple[str, ...] = ()


YES_NO = (Option("yes", N_("Yes"), ("haan", "ha", "ji")), Option("no", N_("No"), ("nahi", "na")))
YES_NO_UNKNOWN = (*YES_NO, Option("unknown", N_("Don't know"), ("pata nahi",)))
SKIP = "cmd:skip"
CONTACT_BUTTON = "contact:share"  # the channel turns this into its share-my-number button


class Step:
    """Define one question of the journey; subclasses say how to ask it and how to read the answer."""

    id: str = ""
    title: str = ""  # msgid naming the step in status messages
    help: str | None = None  # msgid with tips for this step
    why: str | None = None  # msgid saying why the step asks, for a seller who asks that instead of answering
    skippable: bool = True
    options: tuple[Option, ...] = ()
    vocabulary: str = ""  # the section of data/vocabulary.toml that reads answers written as sentences (the step's id when empty)
    questions_are_answers: bool = False  # a question typed here is one of the answers (a GeM step's "help"), not a question about it
    request_answered: str = ""  # a request this step's answers carry out ("hindi me baat karo" at the language question)
    says_what_it_understood: bool = True  # an answer read from a sentence is said back before the next question
    parts_then_later: bool = False  # a part said done and the rest planned puts the step off (a GeM step that is one form)
    sums: tuple[int, ...] = ()  # a payment's usual sums: two sums beside it done ask for help, money to come later puts it off

    def applies(self, conv: Conversation, turn: Turn) -> bool:
        """Say whether this seller needs this step at all."""
        return True

    def written_as_a_name(self, text: str) -> bool:
        """Say whether an answer is a name written out, capital on each word, whatever request its words hold ("Help Line Computer Services")."""
        return False

    def answers_request(self, command: str, text: str | None) -> bool:
        """Say whether a request said in an answer is this step's own answer ("hindi me baat karo" at the language question)."""
        return bool(command) and command == self.request_answered

    def ask(self, conv: Conversation, turn: Turn) -> None:
        """Send the step's question."""
        raise NotImplementedError

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        """Store the answer or raise Invalid."""
        raise NotImplementedError

    def current_buttons(self, conv: Conversation, turn: Turn) -> list[Button]:
        """Return the buttons that go with this step's question."""
        return self.buttons(turn) if self.options else []

    def buttons(self, turn: Turn, options: tuple[Option, ...] | None = None) -> list[Button]:
        """Render options as buttons whose ids name this step."""
        options = options or self.options
        key = ("buttons", self.id, turn.lang, options)
        rendered = turn.env.memo.get(key)
        if rendered is None:
            rendered = turn.env.memo[key] = tuple(Button(f"{self.id}:{o.id}", turn._(o.title)) for o in options)
        return list(rendered)

    def not_sure(self, turn: Turn, buttons: list[Button]) -> Clarify:
        """Return the question that asks which of these buttons a seller meant."""
        return Clarify(turn._(N_("I'm not sure which one you mean. Please tap one of these:")), buttons)

    def choose(self, turn: Turn, inbound: Inbound, options: tuple[Option, ...] | None = None) -> str:
        """Return the chosen option id from a tap, a number, or text naming the option."""
        options = options or self.options
        if inbound.button:
            step, _, choice = inbound.button.partition(":")
            if step == self.id and any(o.id == choice for o in options):
                turn.understood = f"{self.id}:{choice}"
                return choice
            raise Invalid(turn._("Please tap one of the buttons below, or type its number."))
        key = ("options", options)
        table = turn.env.memo.get(key)
        if table is None:
            table = turn.env.memo[key] = tuple(
                (o.id, (turn.in_language("hi", o.title), turn.in_language("en", o.title), o.id, *o.synonyms)) for o in options
            )
        choice = v.match_option(inbound.text or "", table)
        if choice is None and inbound.text:
            # Not the words of a button: an answer written as a sentence, read with the step's vocabulary.
            choice = self.read_sentence(turn, inbound.text, options)
            if choice is None and in_devanagari(inbound.text):
                choice = self.read_spoken(turn, inbound.text, options)
            if choice is not None:
                self.say_understood(turn, next(o for o in options if o.id == choice))
        if choice is None:
            raise Invalid(turn._("Please tap one of the buttons below, or type its number."))
        turn.understood = f"{self.id}:{choice}"
        return choice

    def read_spoken(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        """Return the option a Devanagari answer names in phrases the vocabulary holds only in Latin letters ("डाल दिया": "dal diya")."""
        spoken = spoken_in_latin(text)
        if (self.id == "ask_category" or understanding.doubt_in(text) is not None or understanding.command_in(text) is not None
                or understanding.command_in(spoken) is not None):
            return None  # a question or a request the step leaves unanswered on purpose; goods named by single words ("पैंट" is no paint)
        found = self.read_sentence(turn, spoken, options)
        # Only a phrase of two words or more in Latin letters counts: one word written over may be another word ("नोट", "सारी", "नई")
        return found if found is not None and understanding.said_in_phrases(self.vocabulary or self.id, spoken, found) else None

    def say_understood(self, turn: Turn, option: Option) -> None:
        """Say which answer a sentence was taken for, so a misreading is seen at once and put right with "back"."""
        if self.says_what_it_understood and option.id not in ("help", "later"):  # help and later have replies of their own
            self.say_taken(turn, turn._(option.title))

    def say_taken(self, turn: Turn, answer: str) -> None:
        """Say back what an answer was taken as ("Understood: Shri Ram Traders. Not right? Send "back".")."""
        turn.say(turn._(N_("Understood: {answer}. Not right? Send \"back\"."), answer=answer))

    def read_otherwise(self, text: str) -> str | None:
        """Return the option an answer names by other words than the step's vocabulary, when there is just one, else None."""
        return None

    def judged_part(self, text: str) -> str:
        """Return the part of an answer whose doubt counts (all of it, but for the turnover's last year)."""
        return text

    def only_signup_named(self, text: str) -> bool:
        """Say whether an answer at a GeM step after the sign-up speaks only of the sign-up ("signup ho gaya" at the profile)."""
        return self.questions_are_answers and self.id != "gem_signup" and understanding.steps_named(text) == {"gem_signup"}

    def said_before_a_question_on_selling(self, section: str, text: str, ids: tuple[str, ...]) -> bool:
        """Say whether a GeM step's answer comes first, then a question about selling ("सब चढ़ा दिया, ऑर्डर कब आता है")."""
        first = understanding.answer_before_question(text)
        return (first is not None and understanding.option_in(section, first, ids) == "done"
                and understanding.about_selling(self.id, text) and not understanding.beyond_gem(text)
                and not understanding.about_selling(self.id, first))

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        """Return the option an answer written as a sentence names, raise Clarify when it could mean several, or None."""
        ids = tuple(o.id for o in options)
        yes_no = set(ids) <= {"yes", "no", "unknown"}
        section = self.vocabulary or self.id
        rest = understanding.after_a_double_no(text) if yes_no or self.questions_are_answers else ""
        said = (understanding.yes_no_in(section, rest, ids) if yes_no else understanding.option_in(section, rest, ids)) if rest else None
        if said in ("yes", "done"):
            text = rest  # "ना ना लिंक बा", "nahi nahi ho gaya hai": the bot put right, and the answer after it
        doubt = understanding.doubt_in(text)
        if understanding.about_another(text) or not self.questions_are_answers and understanding.one_and_other(text):
            # "bhai ka hardware store h mera nahi": about someone else's business, so ask rather than take it as the seller's;
            # "ek sim me link h dusri me nhi", "one partner is a woman, one is not": two answers at once
            raise self.not_sure(turn, self.buttons(turn, options))
        if (self.questions_are_answers and (understanding.beyond_gem(text) or understanding.about_selling(self.id, text))
                and (doubt == "question" or understanding.option_in(section, text, ids) is None)
                and not self.said_before_a_question_on_selling(section, text, ids)):
            # "GeM se loan bhi milega?": not this step's answer nor its help; the seller is told what the step is for. Not an
            # answer said outright beside it ("Later, once our FSSAI renewal comes through").
            return None
        if self.questions_are_answers and doubt == "question" and understanding.about_another_step(self.id, text):
            return None  # "caution money kitna lagega?" at the sign-up: a question about another step, told what this one is for
        if doubt == "question" and not self.questions_are_answers:
            # A question about the question is answered by why it asks, unless it asks for an answer in so many words
            # ("can we talk in hindi?", "kya furniture wala chalega?").
            # "pata nahi kaunsa number diya tha" does not ask: it says the seller does not know.
            found = (("unknown" if "unknown" in ids and understanding.unsure(text) else None) if yes_no
                     else understanding.option_in(section, text, ids, phrases_only=True) if understanding.takes(text) else None)
            first = understanding.answer_before_question(text)
            if found is None and first:
                # "नहीं जुड़ा है, जुड़वाना पड़ेगा क्या", "hum mahila udyami h, kya isse fees maaf hogi": the answer, then a question
                said = understanding.yes_no_in(section, first, ids) if yes_no else understanding.option_in(section, first, ids)
                found = said if isinstance(said, str) else None
        else:
            found = (understanding.yes_no_in(section, text, ids) if yes_no
                     else understanding.option_in(section, text, ids, answers=self.request_answered if self.answers_request(self.request_answered, text) else ""))
            if self.parts_then_later and found == "done" and understanding.rest_put_off(section, text, self.id):
                found = "later"  # "docs upload ho gaye, fees kal bharunga": one form, part of it filled and the rest planned
            elif self.parts_then_later and found == "done" and understanding.rest_still_to_do(section, text, self.id):
                found = tuple(ids)  # "kagaz upload kar diye, fees abhi bharni hai": part done, the rest still to do and no time said
            elif self.parts_then_later and found == "done" and understanding.part_alone(text, self.id):
                found = tuple(ids)  # "कागज अपलोड कर दिए", "Paid the fee": a part of the assessment done, and nothing said of the rest
            if self.questions_are_answers and doubt == "partly" and found is None and understanding.about_gem(text):
                found = tuple(ids)  # "aadha bhara h, bank wala baki h": part of the step done, and nothing said of the rest
            finished = (self.questions_are_answers and doubt == "partly" and found is not None and "done" in found
                        and understanding.finished_after_parts(section, text))
            if finished:
                found = "done"  # "aadha kiya tha, email wala part reh gaya tha, aaj woh bhi kar diya": done in parts, all of it now
            if (doubt == "partly" and not finished and found not in (None, "unknown") and (yes_no or self.questions_are_answers)
                    and not (self.questions_are_answers and found in ("help", "later"))):
                # "kuch khud banate kuch bahar se": ask; but a problem is a problem ("verification pending", "kuch samajh nahi aa
                # raha"), the rest put off is later ("kal bharenge baaki"), and half a crore is an amount
                found = tuple(ids) if not isinstance(found, tuple) else found
            if (not yes_no and isinstance(found, str) and understanding.unsure(self.judged_part(text))
                    and not (self.questions_are_answers and found in ("help", "later") and not understanding.unsure_if_done(section, text))
                    and found != "later"):  # "maybe next month" is later all the same
                found = tuple(ids)  # "pata nahi firm hai ya company", "pata nahi pura hua ki nahi": the seller is not sure, so ask
            if self.questions_are_answers and found in ("done", "later") and understanding.asks_about_answer(text):
                found = tuple(ids)  # "if I press later will you remind me?", "done dabaun ya later?": a question about the buttons
            if self.questions_are_answers and found == "done" and "help" in ids and understanding.may_i(text):
                found = "help"  # "registered office me ghar ka pata daal sakte hain kya?": whether it may be done, not that it was
            asked_if_done = found == "done" and understanding.asks_whether_done(section, text)  # "साइन अप है गयो का", with no "?"
            if (self.questions_are_answers and "help" in ids and (understanding.about_gem(text) or found == "done")
                    and (found != "done" or asked_if_done or doubt == "question" and not understanding.says_done(section, text))
                    and (doubt == "question" or asked_if_done or found is None and understanding.denies(text))):
                found = "help"  # a question about GeM ("UPI se bhar sakte hain?") or a problem with it ("email pe link aaya hi nahi")
            if (self.questions_are_answers and found is None and understanding.about_gem(text)
                    and (understanding.command_in(text) == "help" or understanding.wonders(text))):
                found = "help"  # "mujhe signup me madad chahiye", "paisa wapas milega": help with this GeM step
        if (self.questions_are_answers and found == "help" and "later" in ids and doubt != "question"
                and (understanding.ends_in_a_plan(section, text) or understanding.opens_with_a_plan(section, text))):
            found = "later"  # "gst suspend hai, pehle CA se thik karwayenge fir profile karenge": a problem with a plan for it is later
        if (self.questions_are_answers and "help" in ids and understanding.screen_quoted(section, text)
                and (found is None or understanding.option_in(section, understanding.outside_quotes(text), ids) is None)):
            found = "help"  # '"Category not found" aa raha hai jab chikankari search karti hoon': the screen's words, a problem
        if self.questions_are_answers and found == "done" and "help" in ids and understanding.done_but_asks(section, self.id, text):
            found = "help"  # "Paid, but our turnover is 18 cr so shouldn't it be 25,000?": done, and a question about it
        if (self.sums and found == "done" and "help" in ids and understanding.two_sums(text, self.sums)
                and not understanding.finished_after_parts(section, text)):  # not "… phir baaki 3000 bhi bhar diya, ab poora 5000 ho gaya"
            found = "help"  # "गलती से दस हजार भर दिए, पांच भरने थे": paid, and the sum is in doubt
        if self.sums and found == "help" and "later" in ids and understanding.cash_later(text):
            found = "later"  # "after Diwali, cash is tight right now": a payment to come, no problem with the step
        if self.questions_are_answers and found == "done" and understanding.done_but_not(section, text):
            found = tuple(ids)  # "client ne paisa transfer kar diya, par maine portal pe jama nahi kiya": whether it is done is asked
        if self.questions_are_answers and found == "done" and self.only_signup_named(text):
            found = tuple(ids)  # "signup to ho gaya tha, otp bhi aa gaya tha" at the profile: the sign-up done, this step not said
        if self.questions_are_answers and found is not None and understanding.unsure_if_done(section, text):
            found = tuple(ids)  # "pata nahi partner ne bhara ki nahi", "co-founder ne bhara hoga shayad": whether it was done is not known
        if isinstance(found, tuple):
            raise self.not_sure(turn, [button for button in self.buttons(turn, options) if button.id.partition(":")[2] in found])
        if found is None and not yes_no and doubt != "question":  # "kya services wale bhi register kar sakte hain?" asks, it does not say
            found = self.read_otherwise(text)  # "haan ji, kapde ki dukaan hai": what is sold says it, whatever "haan" is there
        if (found is None and (not yes_no and understanding.yes_no_in("yes_no", understanding.without_honorifics(text), ("yes", "no"))
                               or understanding.acknowledges(text)) and not understanding.command_in(text)):
            # "haan ji", "ok" where the answers are not yes and no, or "thank you" anywhere: ask which one, as a helper would.
            raise Clarify(turn._(N_("Which one do you mean? Please tap one of these:")), self.buttons(turn, options))
        return found


class ChoiceStep(Step):
    """Ask a question with a fixed set of answers."""

    prompt: str = ""
    field: str = ""
    values: dict[str, object] | None = None  # option id -> stored value, when they differ

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(turn._(self.prompt), self.buttons(turn))

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        choice = self.choose(turn, inbound)
        value = self.values[choice] if self.values else choice
        setattr(conv.profile, self.field, value)


class YesNoStep(ChoiceStep):
    """Ask a yes/no question that also understands Hindi and Hinglish yes and no."""

    options = YES_NO
    values = {"yes": True, "no": False, "unknown": None}
    plans = ""  # a vocabulary section of plans that say "not yet" when nothing else in the answer decides

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        if (self.plans and understanding.doubt_in(text) is None and not understanding.about_another(text)
                and understanding.was_not_now_is(self.vocabulary or self.id, text)):
            return "yes"  # "pehle nahi tha, parso khulwa liya firm ke naam": not then, but now
        found = super().read_sentence(turn, text, options)
        if found is None and self.plans and understanding.doubt_in(text) is None and understanding.plans(self.plans, text):
            return "no"  # "kal jaake link karwa lenge", "khata kholne ja rahe": to be done is not done yet
        return found

    def choose(self, turn: Turn, inbound: Inbound, options: tuple[Option, ...] | None = None) -> str:
        if not inbound.button:
            said = v.parse_yes_no(inbound.text or "")
            if said is not None and any(o.id == said for o in self.options):
                turn.understood = f"{self.id}:{said}"
                return said
        return super().choose(turn, inbound, options)


class LanguageStep(Step):
    id = "ask_language"
    request_answered = "language"
    says_what_it_understood = False  # the next message, in the language chosen, says it
    why = N_("I can talk in Hindi or in English. Tap the language you are comfortable in.")
    title = N_("Language")
    skippable = False
    options = (
        Option("hi", N_("हिंदी"), ("hindi", "हिन्दी", "hi")),
        Option("en", N_("English"), ("angrezi", "अंग्रेज़ी", "अंग्रेजी", "en", "eng")),
    )

    def ask(self, conv: Conversation, turn: Turn) -> None:
        msgid = N_("Namaste! I am GeM Saathi. I will guide you, free of cost, to become a seller on GeM, the government's online marketplace.\nChoose your language:")
        if conv.language:
            turn.say(turn._(N_("Choose your language:")), self.buttons(turn))
        else:
            text = turn.in_language("hi", msgid) + "\n\n" + turn.in_language("en", msgid)
            turn.say(text, self.buttons(turn))

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        conv.language = self.choose(turn, inbound)
        turn.lang = conv.language


class ConsentStep(Step):
    id = "ask_consent"
    why = N_("Your details are used only to guide you onto GeM and to put you in touch with government departments. Tap \"I agree\" to go on.")
    title = N_("Consent")
    skippable = False
    options = (Option("yes", N_("I agree"), ("haan", "yes", "agree", "ha", "ji", "सहमत")), Option("no", N_("No"), ("nahi", "no")))

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(
            turn._(
                N_(
                    "Before we start, please read:\n"
                    "• We will ask your name, business details, district, PAN (kept masked), GSTIN, Udyam number, mobile and email, and a few yes/no questions.\n"
                    "• Why: to guide you through GeM registration and to connect you with government departments as a supplier.\n"
                    "• Who sees it: the UP MSME department and the departments you become a supplier lead for.\n"
                    "• We never ask for your Aadhaar number.\n"
                    "• Any time: send STOP to stop messages, or \"erase my data\" to withdraw consent and delete it all. Complaints: the department's grievance officer, then the Data Protection Board of India.\n"
                    "Do you agree?"
                )
            ),
            self.buttons(turn),
        )

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        said = v.parse_yes_no(inbound.text or "") if not inbound.button else None
        choice = said if said in ("yes", "no") else self.choose(turn, inbound)
        turn.understood = f"{self.id}:{choice}"
        if choice == "no":
            raise ConsentRefused()


class ConsentRefused(Exception):
    """Signal that the seller said no to the notice; nothing is stored and the notice is offered again."""


class TextStep(Step):
    """Ask a question answered in free text; `extra` adds buttons such as "don't have"."""

    prompt: str = ""
    extra: tuple[Option, ...] = ()

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(turn._(self.prompt, **self.values_for(conv, turn)), self.buttons(turn, self.extra) if self.extra else ())

    def current_buttons(self, conv: Conversation, turn: Turn) -> list[Button]:
        return self.buttons(turn, self.extra) if self.extra else []

    def values_for(self, conv: Conversation, turn: Turn) -> dict[str, object]:
        """Return the values the prompt needs."""
        return {}

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        if inbound.button:
            self.on_extra(conv, turn, self.choose(turn, inbound, self.extra))
            return
        extra = v.match_option(inbound.text or "", self.extra_table(turn)) if self.extra else None
        if extra:
            turn.understood = f"{self.id}:{extra}"
            self.on_extra(conv, turn, extra)
            return
        try:
            self.read(conv, turn, (inbound.text or "").strip())
        except Invalid as invalid:
            # Not a number or an email, but a sentence saying there is none yet: the "Don't have one" button in words.
            text = inbound.text or ""
            made_later = understanding.to_make(text)  # "bana ke bhejta hu": none yet, though it will be sent
            if isinstance(invalid, Clarify) or not self.extra or not (understanding.lacks(text) or made_later) \
                    or understanding.not_at_hand(text) and not made_later:
                raise
            if understanding.there_but(self.id, text):
                raise  # "पैन है पर पति का है मेरा नहीं", "GST hai par number pass nahi": there may be one, so ask
            turn.understood = f"{self.id}:{self.extra[0].id}"
            self.on_extra(conv, turn, self.extra[0].id)

    def extra_table(self, turn: Turn) -> list[tuple[str, list[str]]]:
        """Return the extra buttons as option-matching rows."""
        return [(o.id, [turn.in_language("hi", o.title), turn.in_language("en", o.title), *o.synonyms]) for o in self.extra]

    def on_extra(self, conv: Conversation, turn: Turn, choice: str) -> None:
        """Handle a tap on one of the extra buttons."""

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        """Read the typed answer or raise Invalid."""
        raise NotImplementedError


DONT_HAVE = (Option("none", N_("Don't have one"), ("nahi hai", "नहीं है", "no", "nahi", "none", "don't have", "dont have")),)


PAN_NOT_A_NAME = N_("That looks like a PAN, not a name. We ask for the PAN later.")


def _plain_name(text: str, turn: Turn, example: str) -> str:
    cleaned = " ".join(text.split())
    if v.contains_pan(cleaned):
        # A PAN is never kept as a name (it would be stored and said back whole); its own step comes later.
        raise Invalid(f"{turn._(PAN_NOT_A_NAME)} {example}")
    letters = sum(ch.isalpha() or unicodedata.category(ch).startswith("M") for ch in cleaned)  # a vowel sign is part of a letter
    if not (2 <= len(cleaned) <= 100) or letters < 2 or letters < len(cleaned.replace(" ", "")) / 2:
        raise Invalid(example)
    return cleaned


class _NameStep(TextStep):
    """Ask for a name of some kind, taken out of a sentence and said back when it was."""

    kind = "person"  # the name frames to read it with (data/name_frames.toml)
    field = ""
    just_the_name = ""  # the retry when no one name can be read
    in_letters = ""  # the retry when what was read is no name in letters

    def written_as_a_name(self, text: str) -> bool:
        """Say whether an answer is a name written out, or a name said as one whose first word alone is a request."""
        return bool(written_out(text, self.kind) or led_by_a_request_word(text, self.kind))

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        # "kripya sandesh na bhejein" is a request, not a name; "Help Line Computer Services", written out, is a name, and so
        # is "madad ali khan naam hai", whose request word only starts it
        written = written_out(text, self.kind) or led_by_a_request_word(text, self.kind)
        if self.kind == "business" and not written and understanding.about_another_business(text):
            # "bhai ki dukan h gupta hardware par wo mera nhi h": a name, but of someone else's business
            raise Clarify(turn._(N_("That sounds like someone else's business. Please type the name of your own firm or shop; "
                                    "if it has none, type your own name.")))
        name = written or (name_in(text, self.kind) if not understanding.command_in(text) else "")
        if not looks_like_a_name(name, self.kind):
            # "do naam hain, …", "we have two: …", "… par GST me Shukla Traders likha hai": ask which one
            kind = Clarify if says_two_names(text) or self.kind == "business" and differs_on_paper(text) else Invalid
            raise kind(turn._(self.just_the_name))
        name = _plain_name(name, turn, turn._(self.in_letters))
        setattr(conv.profile, self.field, name)
        if name.casefold() != " ".join(text.split()).casefold():
            self.say_taken(turn, name)  # "mera naam Ramesh hai": the name taken from a sentence is said back


class NameStep(_NameStep):
    id = "ask_name"
    why = N_("GeM's seller account is in the owner's name, as on the PAN card. Please type just your name.")
    title = N_("Your name")
    prompt = N_("What is your name?")
    field = "name"
    just_the_name = N_("Please type just your name, e.g. Ramesh Kumar.")
    in_letters = N_("Please type your name in letters, e.g. Ramesh Kumar.")


class BusinessNameStep(_NameStep):
    id = "ask_business_name"
    why = N_("Buyers on GeM see the business by this name. Type the name of your firm or shop; if it has none, type your own name.")
    title = N_("Business name")
    prompt = N_("Thank you, {name}! What is the name of your business (firm, shop or company)?")
    kind = "business"
    field = "business_name"
    just_the_name = N_("Please type just the business name, e.g. Shri Ram Traders.")
    in_letters = N_("Please type the business name, e.g. Shri Ram Traders.")

    def values_for(self, conv: Conversation, turn: Turn) -> dict[str, object]:
        return {"name": conv.profile.name or ""}


class DistrictStep(Step):
    id = "ask_district"
    why = N_("Your district tells us which district industries centre can help you. Type your district's name.")
    title = N_("District")
    none_of_these = Option("none", N_("None of these"))

    def ask(self, conv: Conversation, turn: Turn) -> None:
        conv.district_choices = []
        turn.say(turn._(N_("Which district is your business in? Type its name, e.g. Lucknow.")))

    def district_title(self, turn: Turn, lgd: int) -> str:
        """Name a district in the seller's language."""
        district = by_code(lgd)
        return district.name_hi if turn.lang == "hi" else district.name_en

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        if conv.district_choices:
            options = tuple(Option(str(code), "") for code in conv.district_choices) + (self.none_of_these,)
            table = [
                (str(code), [by_code(code).name_en, by_code(code).name_hi]) for code in conv.district_choices
            ] + [("none", [turn.in_language("hi", self.none_of_these.title), turn.in_language("en", self.none_of_these.title)])]
            choice = None
            if inbound.button:
                step, _, choice = inbound.button.partition(":")
                if step != self.id or not any(o.id == choice for o in options):
                    choice = None
            elif inbound.text and not match_district(inbound.text).district:
                choice = v.match_option(inbound.text, table)
            if choice == "none":
                conv.district_choices = []
                raise Invalid(turn._(N_("Please type the district name again, e.g. Varanasi.")))
            if choice:
                conv.profile.district_lgd = int(choice)
                conv.district_choices = []
                return
        match = match_district(inbound.text or "")
        if not match.district and inbound.text and match_district(understanding.without_denied(inbound.text)).district:
            match = match_district(understanding.without_denied(inbound.text))  # "बाराबंकी नहीं, अयोध्या": the one not denied
        if not match.district and inbound.text and understanding.runs_together(inbound.text):
            match = match_district(" ".join(understanding.words_of(inbound.text)))  # "बरेलीमेंहैजी", as voice typing writes it
        business, there = None, None
        if inbound.text and understanding.doubt_in(inbound.text) != "question":  # "dono jagah hai, kaunsa likhun?": ask
            business = understanding.business_part(inbound.text)  # "ghar Unnao, dukan Kanpur": the business's district
            # Not where goods come from or whose a business is: "dukan ka maal Modinagar se aata hai", "bhatta Firozabad wale ka hai"
            # Not a road named after a district either: "gorakhpur road pe dukan hai, deoria me" is in Deoria
            there = (match_district(business).district if business and not understanding.from_elsewhere(business)
                     and not names_only_a_road(business) else None)
            if (business and understanding.outside_up(business) and not match_district(business).district
                    and not understanding.from_elsewhere(business)):  # not "ghar agra, kaam ka maal delhi se"
                # "saharanpur ka hu lekin ab dehradun me kaam krta hu": ask; not "office Noida NCR me"
                raise Clarify(turn._(N_("I could not find that district in Uttar Pradesh. Please type it again, e.g. Varanasi.")))
            if there and there != match.district:  # "ghar gorakhpur me ba, mill siswa bazar me": where the mill is
                match = match_district(business)
        marked = marked_district(understanding.without_home(inbound.text or ""))  # not "ghar zila Unnao me hai, dukan Lucknow me"
        if marked is not None and marked != match.district:
            match = DistrictMatch(marked, ())  # "baba bol rahe mill fatehpur tehsil me hai, zila barabanki": the district said as one
        away = understanding.outside_up(inbound.text or "")
        if away and there and match.district == there and not understanding.outside_up(business or "") and understanding.away_only_in_delhi(inbound.text or ""):
            away = False  # "I live in Delhi but the factory is in Sahibabad": the business in a UP town; not "shop in Saket", nor a home in Bihar
        if match.town and (away or understanding.command_in(inbound.text or "")):
            match = DistrictMatch(None, ())  # "bihar ke buxar ke hain": a town of that name in UP is not what is meant
        if match.district and not match.town and understanding.only_near(inbound.text or "", names_of(match.district)):
            # "rampur ke paas ek chhota sa gaon hai", "near Lucknow": the village may lie over a district's border, so ask
            conv.district_choices = [match.district.lgd_code]
            raise Clarify(turn._(N_("Is the business in {district} district itself? If not, type the name of its district."),
                                 district=self.district_title(turn, match.district.lgd_code)),
                          [Button(f"{self.id}:{match.district.lgd_code}", self.district_title(turn, match.district.lgd_code)),
                           Button(f"{self.id}:none", turn._(self.none_of_these.title))])
        if match.district:
            conv.profile.district_lgd = match.district.lgd_code
            conv.district_choices = []
            if match.town:  # said back, as a town can share its name with one in another district
                turn.say(turn._(N_("{town} is in {district} district. Not right? Send \"back\"."), town=match.town,
                                district=self.district_title(turn, match.district.lgd_code)))
            return
        if match.candidates:
            conv.district_choices = [d.lgd_code for d in match.candidates]
            buttons = [Button(f"{self.id}:{d.lgd_code}", self.district_title(turn, d.lgd_code)) for d in match.candidates]
            buttons.append(Button(f"{self.id}:none", turn._(self.none_of_these.title)))
            raise Clarify(turn._(N_("Did you mean one of these?")), buttons)
        kind = Clarify if inbound.text and understanding.outside_up(inbound.text) else Invalid  # "dilli me h dukan": ask for the UP district
        raise kind(turn._(N_("I could not find that district in Uttar Pradesh. Please type it again, e.g. Varanasi.")))


class OfferingStep(ChoiceStep):
    id = "ask_offering"
    why = N_("On GeM you sell goods (products), services, or both. Tap the one that fits your work.")
    title = N_("What you sell")
    prompt = N_("What do you sell?")
    field = "offering"
    options = (
        Option("products", N_("Products"), ("product", "saman", "samaan", "maal", "goods", "सामान")),
        Option("services", N_("Services"), ("service", "seva", "sewa", "सेवा")),
        Option("both", N_("Both"), ("dono", "दोनों")),
    )

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        try:
            conv.profile.offering = self.choose(turn, inbound)
        except Clarify:
            raise
        except Invalid:
            # "atta dal chawal", "gaadi kiraye pe chalate": what they sell or do tells whether it is goods or a service.
            kind = _offering_of(inbound.text) if inbound.text and understanding.doubt_in(inbound.text) != "question" else None
            if kind is None:  # nothing named, or a question ("kya services wale bhi register kar sakte hain?"): asked why and how
                raise
            if isinstance(kind, tuple):  # "khane ka kaam": food to sell, or catering
                raise self.not_sure(turn, self.buttons(turn)) from None
            conv.profile.offering = kind
            turn.understood = f"{self.id}:{kind}"
            self.say_understood(turn, next(o for o in self.options if o.id == kind))

    def read_otherwise(self, text: str) -> str | None:
        kind = _offering_of(text)  # "atta dal chawal", "gaadi kiraye pe chalate": goods or a service
        return kind if isinstance(kind, str) else None

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        kinds_of = ("products", "services", "both")
        now = understanding.said_now_apart(text)
        if understanding.doubt_in(text) is None:
            kind = (understanding.option_in(self.id, now, kinds_of) or _offering_of(now)
                    if now is not None and isinstance(understanding.option_in(self.id, text, kinds_of), tuple) else None)
            if isinstance(kind, str):
                return kind  # "abhi sirf chikan ke kurte, aage chal ke tailoring service bhi shuru karenge": what is sold now
            split = understanding.now_and_before(text)
            if split is not None:
                is_, was = (understanding.option_in(self.id, part, kinds_of) or _offering_of(part) for part in split)
                if isinstance(is_, str) and isinstance(was, str) and was != "both" and is_ != was and not (is_ != "both" and understanding.added(split[0])):
                    if is_ != "both":
                        return is_  # "we used to do repairs but stopped, now only sales"
                    rest = understanding.without_words_of(split[0], split[1])
                    other = next(kind for kind in ("products", "services") if kind != was)
                    if (understanding.option_in(self.id, rest, kinds_of) or _offering_of(rest)) == other:
                        return other  # "saman bhi aur service bhi, par service wala kaam band h": the same work said stopped
            own = understanding.own_part(text, only=True)
            kind = understanding.option_in(self.id, own, kinds_of) or _offering_of(own) if own is not None else None
            if isinstance(kind, str):
                return kind  # "mera bhai service center chalata h, main sirf jute bechta hu": what the seller does
        found = super().read_sentence(turn, text, options)
        # not a kind of work denied in a part of its own ("ghee bechte hain, koi service nahi, bas delivery kar dete hain")
        kinds = _offering_of(understanding.without_denying_parts(now or text)) if found == "products" else None
        if kinds is not None and "services" in ((kinds,) if isinstance(kinds, str) else kinds):
            # "we sell stationery and also do printing": goods are sold, and work of a service named too, so it is both. Not the
            # other way round: goods named beside a service are what the service is done on ("AMC of computers").
            return "both"
        if found == "services" and understanding.sells_too(text) and understanding.doubt_in(text) != "question":
            return "both"  # "civil contract ka kaam leta hu, material bhi khud supply krta hu": work, and goods sold as well
        if found == "services" and understanding.doubt_in(text) != "question" and _goods_first(text):
            return "both"  # "mostly homemade achaar, plus a daily tiffin service": goods made, then a service
        if (found == "both" and understanding.answered_first(text, ("dono", "donon", "दोनों", "both"))
                and understanding.two_things_said(text)):
            return "both"  # "dono, kapde bhi bechte h aur silai ka kaam bhi": the button's word said first, then the detail
        if found == "both":
            kinds = _kinds_named(text)
            if len(kinds) == 1 and understanding.option_in(self.id, text, ("products", "services")) in (*kinds, None):
                return kinds.pop()  # "ration aur paint dono bechte": "both" of two goods is products, of two kinds of work services
        return found


PRODUCT_CATEGORIES = (
    Option("office", N_("Office supplies, stationery"), ("stationery", "office")),
    Option("furniture", N_("Furniture"), ("furniture", "फर्नीचर")),
    Option("electrical", N_("Electrical, electronics"), ("electrical", "electronics", "बिजली")),
    Option("computers", N_("Computers, IT hardware"), ("computer", "laptop", "कंप्यूटर")),
    Option("textiles", N_("Textiles, uniforms"), ("kapda", "कपड़ा", "uniform", "textile")),
    Option("food_agri", N_("Food, agriculture"), ("food", "khana", "agriculture", "kheti", "खेती")),
    Option("medical", N_("Medical, lab supplies"), ("medical", "dawai", "दवाई", "lab")),
    Option("construction", N_("Construction, hardware"), ("hardware", "construction", "cement", "निर्माण")),
)
SERVICE_CATEGORIES = (
    Option("cleaning", N_("Cleaning, housekeeping"), ("safai", "सफाई", "cleaning")),
    Option("security", N_("Security guards"), ("security", "guard", "सुरक्षा")),
    Option("transport", N_("Transport, vehicle hire"), ("transport", "gaadi", "taxi", "गाड़ी")),
    Option("catering", N_("Catering"), ("catering", "khana", "भोजन")),
    Option("manpower_it", N_("Manpower, IT services"), ("manpower", "it services", "software")),
    Option("repair", N_("Repair, maintenance"), ("repair", "maintenance", "marammat", "मरम्मत")),
    Option("printing", N_("Printing"), ("printing", "chhapai", "छपाई")),
    Option("events_training", N_("Events, training"), ("event", "training", "प्रशिक्षण")),
)
def _offering_of(text: str) -> str | tuple[str, ...] | None:
    """Return whether the goods or work an answer names are products or services, both kinds when it could be either, or None."""
    kind = {**dict.fromkeys((o.id for o in PRODUCT_CATEGORIES), "products"), **dict.fromkeys((o.id for o in SERVICE_CATEGORIES), "services")}
    found = understanding.option_in("ask_category", text, tuple(kind))
    named = [kind[category] for category in ((found,) if isinstance(found, str) else found or ())]
    if understanding.option_in("goods_of_no_group", text, ("products",)) == "products":
        named.append("products")  # "leather bags and belts", "joote banate": goods of no group are products all the same
    kinds = tuple(dict.fromkeys(named))
    return None if not kinds else kinds[0] if len(kinds) == 1 else kinds


def _goods_first(text: str) -> bool:
    """Say whether an answer's first part makes or sells goods and names no service, and a later part names a service."""
    parts = understanding.parts_of(text)
    return (len(parts) > 1 and _offering_of(parts[0]) == "products" and understanding.makes_or_sells(parts[0])
            and understanding.option_in("ask_offering", parts[0], ("products", "services", "both")) in (None, "products")
            and any(_offering_of(part) == "services" or understanding.option_in("ask_offering", part, ("products", "services", "both")) == "services"
                    for part in parts[1:]))


def _kinds_named(text: str) -> set[str]:
    """Return which kinds, products or services, the goods and work an answer names by their own words are (not by a position)."""
    if understanding.position_in(understanding.words_of(text), len(PRODUCT_CATEGORIES)):
        return set()
    groups = (("products", PRODUCT_CATEGORIES), ("services", SERVICE_CATEGORIES))
    return {kind for kind, group in groups if understanding.option_in("ask_category", text, tuple(o.id for o in group)) is not None}


OTHER_CATEGORY = Option("other", N_("Something else"), ("other", "anya", "अन्य", "kuch aur"))


class CategoryStep(ChoiceStep):
    id = "ask_category"
    why = N_("This tells us where on GeM your work will be listed. Tap the group closest to your main work.")
    title = N_("Category")
    prompt = N_("Which group fits your main business best?")
    field = "category"

    def current_options(self, conv: Conversation) -> tuple[Option, ...]:
        """Return the category groups that fit what the seller offers."""
        offering = conv.profile.offering
        groups = {
            "products": PRODUCT_CATEGORIES,
            "services": SERVICE_CATEGORIES,
        }.get(offering or "", PRODUCT_CATEGORIES + SERVICE_CATEGORIES)
        return (*groups, OTHER_CATEGORY)

    def current_buttons(self, conv: Conversation, turn: Turn) -> list[Button]:
        return self.buttons(turn, self.current_options(conv))

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(turn._(self.prompt), self.current_buttons(conv, turn))

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        conv.profile.category = self.choose(turn, inbound, self.current_options(conv))


class MakerStep(YesNoStep):
    id = "ask_maker"
    why = N_("GeM asks whether you make the goods yourself or buy and resell them. Tap Yes if you make them.")
    title = N_("Manufacturer")
    prompt = N_("Do you make the products you sell yourself (manufacturer)?")
    field = "makes_products"

    def applies(self, conv: Conversation, turn: Turn) -> bool:
        return conv.profile.offering in ("products", "both")

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        ids = tuple(o.id for o in options)
        if understanding.doubt_in(text) is None and isinstance(understanding.yes_no_in(self.id, text, ids), tuple):
            split = understanding.now_and_before(text)
            for now in (understanding.said_now_apart(text), split[0] if split else None):
                said = understanding.yes_no_in(self.id, now, ids) if now else None
                if isinstance(said, str):
                    return said  # "used to manufacture, shut the unit in 2022. trading now": what is done now, not before or next
        found = super().read_sentence(turn, text, options)
        if found is None and understanding.made_here(text):
            return "yes"  # "पनीर मावा घी सब अपनी डेयरी में बनता है": made at the seller's own place
        if found == "yes" and understanding.yes_to_selling(text):
            raise self.not_sure(turn, self.buttons(turn, options))  # "हाँ बेचते हैं": yes, they sell; whether they make it is not said
        return found


class EnterpriseTypeStep(ChoiceStep):
    id = "ask_enterprise_type"
    why = N_("GeM asks how the business is owned: one owner, partners, a company, or a trust or society. Tap the one that fits.")
    title = N_("Business type")
    prompt = N_("What type of business is it?")
    field = "enterprise_type"
    options = (
        Option("proprietorship", N_("Sole owner"), ("proprietor", "proprietorship", "akela", "ekal", "एकल", "proprietary")),
        Option("partnership", N_("Partnership / LLP"), ("partnership", "llp", "partner", "साझेदारी")),
        Option("company", N_("Company (Pvt/Ltd)"), ("company", "pvt ltd", "private limited", "कंपनी")),
        Option("other", N_("Other (trust, society)"), ("trust", "society", "huf", "अन्य", "other")),
    )


class BenefitCategoryStep(ChoiceStep):
    id = "ask_benefit_category"
    why = N_("Businesses owned by women or by SC/ST entrepreneurs get extra help in government buying. Tap the one that fits.")
    title = N_("Owner category")
    prompt = N_("Is the business owned by a woman, or by an SC/ST entrepreneur? This can save you money on GeM.")
    options = (
        Option("women", N_("Woman-owned"), ("mahila", "महिला", "women", "woman")),
        Option("sc_st", N_("SC/ST-owned"), ("sc", "st", "sc st", "एससी", "अनुसूचित")),
        Option("both", N_("Both"), ("dono", "दोनों")),
        Option("neither", N_("Neither"), ("none", "nahi", "koi nahi", "कोई नहीं", "no")),
        Option("private", N_("Prefer not to say"), ("nahi batana", "नहीं बताना")),
    )
    values = {
        "women": (True, None),
        "sc_st": (None, True),
        "both": (True, True),
        "neither": (False, False),
        "private": (None, None),
    }

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        conv.profile.women_owned, conv.profile.sc_st_owned = self.values[self.choose(turn, inbound)]

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        # "mummy ke naam pe registration h, hum obc h": the owner's caste and whether she is a woman answer it whole;
        # "ye batana zaruri hai kya? nahi batana": a question, then a refusal said after it, keeps it private
        ids = tuple(o.id for o in options)
        found = (understanding.benefit_from_owner(text) or understanding.refused_after_asking(self.id, text, ids)
                 or self.declined(text, ids) or self.no_then_one(text, ids)
                 or ("women" if "women" in ids and understanding.woman_holds_majority(text) else None)  # "mother holds 60 percent"
                 or super().read_sentence(turn, text, options))
        if found == "neither" and understanding.only_woman_denied(text):
            raise self.not_sure(turn, self.buttons(turn, options))  # "not woman owned": whether the owner is SC/ST is not said
        if found in ("women", "both") and (understanding.woman_beside_another_owner(text) or understanding.woman_in_a_role(text)):
            # "पत्नी टीचर है, दुकान मेरी है", "aurten kaam karti hain par malik main hoon": a woman named, but not as the owner
            raise self.not_sure(turn, self.buttons(turn, options))
        return found

    def declined(self, text: str, ids: tuple[str, ...]) -> str | None:
        """Return "private" for an answer that declines to tell and names no category ("nai batahen"), else None."""
        if "private" not in ids or not understanding.wont_tell(text) or understanding.about_another(text):
            return None
        return "private" if understanding.option_in(self.id, text, tuple(i for i in ids if i != "private")) is None else None

    def no_then_one(self, text: str, ids: tuple[str, ...]) -> str | None:
        """Return the one category said after an opening "no" where the answer also reads as neither ("No, not SC/ST, but the owner is a lady")."""
        said = understanding.option_in(self.id, text, ids)
        return understanding.no_then_one(self.id, text, ids) if isinstance(said, tuple) and "neither" in said else None


class TurnoverStep(ChoiceStep):
    id = "ask_turnover"
    why = N_("Last year's turnover decides the caution money GeM asks for. Tap the range that fits; a new business takes the first.")
    title = N_("Turnover")
    prompt = N_("What was the business's turnover last year? If it is new, choose the first.")
    field = "turnover_band"
    options = (
        Option("under_1cr", N_("Under ₹1 crore"), ("1 crore se kam", "new", "naya", "kam")),
        Option("1_10cr", N_("₹1–10 crore"), ("1-10 crore", "1 to 10 crore")),
        Option("over_10cr", N_("Over ₹10 crore"), ("10 crore se zyada", "more than 10 crore")),
    )

    def judged_part(self, text: str) -> str:
        """Return an answer without what it foresees for this year ("pichle saal 80 lakh, is saal shayad 1.5 cr")."""
        return understanding.without_this_year(text)


class UdyamStep(TextStep):
    id = "ask_udyam"
    why = N_("The Udyam number shows GeM that the business is an MSME; it is on the Udyam certificate. Type it, or tap the button if there is none.")
    title = N_("Udyam number")
    prompt = N_("What is your Udyam registration number? It looks like UDYAM-UP-00-0000000.")
    extra = DONT_HAVE

    def on_extra(self, conv: Conversation, turn: Turn, choice: str) -> None:
        conv.profile.udyam = None
        turn.say(
            turn._(
                N_(
                    "No problem. Udyam registration is free, only at udyamregistration.gov.in — don't pay any other site. "
                    "You need the owner's Aadhaar-linked mobile and PAN. It brings MSE benefits on GeM."
                )
            )
        )

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        if len(v.find_udyams(text)) > 1:
            raise Clarify(turn._(N_("You sent more than one Udyam number. Please send just the one of this business.")), self.buttons(turn, self.extra))
        try:
            conv.profile.udyam = v.find_udyam(text)
        except v.InvalidInput as error:
            if error.code == "udyam_is_uam":
                raise Invalid(
                    turn._(
                        N_(
                            "That looks like an old Udyog Aadhaar (UAM) number. Move to Udyam for free at udyamregistration.gov.in "
                            "and send the new number, or tap \"Don't have one\"."
                        )
                    ),
                    self.buttons(turn, self.extra),
                ) from None
            raise Invalid(turn._(N_("That doesn't look like a Udyam number. Example: UDYAM-UP-12-0012345.")), self.buttons(turn, self.extra)) from None


ENTERPRISE_TYPE_TITLES = {o.id: o.title for o in EnterpriseTypeStep.options}


class PanStep(TextStep):
    id = "ask_pan"
    why = N_("GeM checks the business's PAN with the income tax department. Type the 10-character PAN, or tap the button if there is none.")
    title = N_("Business PAN")
    prompt = N_("What is the business's PAN? For a sole owner it is the owner's own PAN. Example: ABCPK1234F")
    extra = DONT_HAVE

    def on_extra(self, conv: Conversation, turn: Turn, choice: str) -> None:
        conv.profile.pan_masked = conv.profile.pan_digest = None
        turn.say(
            turn._(
                N_(
                    "GeM needs a PAN. An owner can get a free instant e-PAN at incometax.gov.in with Aadhaar; "
                    "firms and companies apply through Protean (NSDL) or UTIITSL. We'll note it as missing."
                )
            )
        )

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        try:
            pan = v.find_pan(text)
        except v.InvalidInput:
            raise Invalid(turn._(N_("That doesn't look like a PAN. A PAN has 10 characters, like ABCPK1234F.")), self.buttons(turn, self.extra)) from None
        etype = conv.profile.enterprise_type
        if etype and not v.pan_fits_enterprise(pan, etype):
            need = "/".join(sorted(v.PAN_TYPES_FOR_ENTERPRISE[etype]))
            raise Invalid(
                turn._(
                    N_("The 4th letter of this PAN is {got}, but for \"{etype}\" GeM needs {need}. Please check and send the business's PAN."),
                    got=pan[3],
                    etype=turn._(ENTERPRISE_TYPE_TITLES[etype]),
                    need=need,
                ),
                self.buttons(turn, self.extra),
            )
        conv.profile.pan_masked = v.mask_pan(pan)
        conv.profile.pan_digest = turn.env.pan_digest(pan)


class GstinStep(TextStep):
    id = "ask_gstin"
    why = N_("If the business is registered for GST, GeM needs its GSTIN. Type it, or tap the button if there is none.")
    title = N_("GSTIN")
    prompt = N_("Do you have a GSTIN? Send it (15 characters, like 09ABCPK1234F1Z3), or tap \"No GSTIN\".")
    extra = (Option("none", N_("No GSTIN"), ("nahi hai", "नहीं है", "no", "nahi", "skip", "none", "kuch nahi", "koi nahi", "कोई नहीं")),)

    def on_extra(self, conv: Conversation, turn: Turn, choice: str) -> None:
        conv.profile.gstin = None
        turn.say(turn._(N_("OK. You can register without GSTIN, but orders above ₹2.5 lakh need one.")))

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        if len(v.find_gstins(text)) > 1:
            raise Clarify(turn._(N_("You sent more than one GSTIN. Please send just the one of this business.")), self.buttons(turn, self.extra))
        try:
            gstin = v.find_gstin(text)
        except v.InvalidInput as error:
            if error.code == "gstin_checksum":
                raise Invalid(turn._(N_("This GSTIN's last character doesn't match — please check each character.")), self.buttons(turn, self.extra)) from None
            raise Invalid(turn._(N_("That doesn't look like a GSTIN. It has 15 characters, like 09ABCPK1234F1Z3.")), self.buttons(turn, self.extra)) from None
        digest = conv.profile.pan_digest
        if digest and turn.env.pan_digest(v.gstin_pan(gstin)) != digest:
            raise Invalid(turn._(N_("The PAN inside this GSTIN is not the PAN you gave. Please check the GSTIN.")), self.buttons(turn, self.extra))
        conv.profile.gstin = gstin
        state = v.gstin_state_code(gstin)
        if state != v.UP_STATE_CODE:
            turn.say(turn._(N_("Noted. This GSTIN is from outside UP (state code {code}); on GeM, add a UP GSTIN for a UP office."), code=state))


class MobileStep(TextStep):
    id = "ask_mobile"
    why = N_("GeM sends the sign-up OTP to this mobile. Type the 10-digit number.")
    title = N_("Mobile number")
    prompt = N_("Which mobile number will you use for GeM? It should be linked to Aadhaar for the OTP.")

    def applies(self, conv: Conversation, turn: Turn) -> bool:
        return conv.profile.mobile is None

    def ask(self, conv: Conversation, turn: Turn) -> None:
        if turn.channel == "telegram":
            turn.say(
                turn._(N_("Which mobile number will you use for GeM? Tap \"Share my number\" below, or type it.")),
                [Button(CONTACT_BUTTON, turn._(N_("Share my number")))],
                request_contact=True,
            )
        else:
            turn.say(turn._(self.prompt))

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        if inbound.kind == "contact" and inbound.phone:
            conv.profile.mobile = inbound.phone
            return
        super().accept(conv, turn, inbound)

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        numbers = v.find_mobiles(text) or v.find_mobiles(understanding.spoken_number(text) or "")
        if len(numbers) > 1:
            raise Clarify(turn._(N_("You sent more than one number. Please send just the one you will use for GeM.")), [])
        if not numbers:
            raise Invalid(turn._(N_("Please send a 10-digit mobile number, e.g. 98765 43210.")))
        conv.profile.mobile = numbers[0]


class BankAccountStep(YesNoStep):
    id = "ask_bank_account"
    plans = "bank_open_plan"
    why = N_("GeM pays into a bank account in the business's name. Tap Yes if there is one.")
    title = N_("Bank account")
    prompt = N_("Does the business have a bank account in its own name, with an IFSC code?")
    field = "has_bank_account"


class AadhaarMobileStep(YesNoStep):
    id = "ask_aadhaar_mobile_link"
    plans = "aadhaar_link_plan"
    why = N_("GeM confirms who you are with an OTP to the mobile linked to your Aadhaar. Tap Yes if it is linked.")
    title = N_("Aadhaar-linked mobile")
    prompt = N_("Is your mobile number linked to your Aadhaar? GeM sends the sign-up OTP to it. (Please don't send your Aadhaar number.)")
    field = "aadhaar_mobile_linked"
    options = YES_NO_UNKNOWN

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        super().accept(conv, turn, inbound)
        if conv.profile.aadhaar_mobile_linked is not True:
            turn.say(turn._(AADHAAR_LINK_FIX))


AADHAAR_LINK_FIX = N_(
    "Check free at myaadhaar.uidai.gov.in → \"Verify Email/Mobile Number\". To link a number, visit an Aadhaar Seva Kendra or post office with your Aadhaar."
)


class EmailStep(TextStep):
    id = "ask_email"
    why = N_("GeM sends a link to this email to confirm it. Type your email address, or tap the button if you have none.")
    title = N_("Email")
    prompt = N_("What is your email address? GeM sends a verification link to it.")
    extra = DONT_HAVE

    def on_extra(self, conv: Conversation, turn: Turn, choice: str) -> None:
        conv.profile.email = None
        turn.say(turn._(EMAIL_FIX))

    def read(self, conv: Conversation, turn: Turn, text: str) -> None:
        problem = turn._(N_("That email doesn't look right. Example: ramesh.traders@gmail.com"))
        said = v.spoken_email(text)
        try:
            email = v.find_email(said)
        except v.InvalidInput:
            # "सुनील वर्मा एट द रेट जीमेल डॉट कॉम", "ram@gmail": an email was given but cannot be read as one, so it is asked for again.
            plain = not (understanding.lacks(text) or understanding.command_in(text) or understanding.not_at_hand(text)
                         or understanding.doubt_in(text) == "question")  # "gmail nahi hai", "gmail ka password chahiye kya"
            kind = Clarify if v.says_email(said) and plain else Invalid
            raise kind(problem, self.buttons(turn, self.extra)) from None
        before = v.word_before_email(said, email) if said != text else None
        if before and not understanding.sentence_word(before):
            raise Clarify(problem, self.buttons(turn, self.extra))  # "ramesh traders at the rate gmail dot com": where does it begin?
        try:
            other = v.find_email(said[said.lower().find(email.lower()) + len(email):])
        except v.InvalidInput:
            other = None
        if other and other.lower() != email.lower() or understanding.asks_of_email(text, email):
            # two emails, or an email asked about ("papa ka email nahi hai, mera de du? …"): the seller says which to use
            raise Clarify(turn._(self.why), self.buttons(turn, self.extra))
        conv.profile.email = email


EMAIL_FIX = N_("Make a free email account (for example Gmail) on your phone; GeM needs it to verify you.")


class ChecklistStep(Step):
    id = "checklist"
    why = N_("This is the list of what GeM sign-up needs. Tap Start when you are ready, or Later.")
    request_answered = "start"  # "chaliye shuru karte hain" starts the GeM sign-up, not the messages
    title = N_("Your checklist")
    options = (Option("start", N_("Start GeM sign-up"), ("start", "shuru", "haan", "yes", "ok")), Option("later", N_("Later"), ("baad mein", "later", "kal")))

    def answers_request(self, command: str, text: str | None) -> bool:
        """Say whether a start said here starts the GeM sign-up, not the messages ("phir se messages chalu karo" turns them on)."""
        return super().answers_request(command, text) and not understanding.of_messages(text or "")

    def ask(self, conv: Conversation, turn: Turn) -> None:
        p = conv.profile
        items = [
            (p.pan_masked is not None, N_("Business PAN"), N_("Get a PAN first (incometax.gov.in, free e-PAN for owners).")),
            (p.has_bank_account is True, N_("Bank account in the business's name with IFSC"), N_("Open a current account in the business's name at any bank.")),
            (p.aadhaar_mobile_linked is True, N_("Aadhaar-linked mobile"), AADHAAR_LINK_FIX),
            (p.email is not None, N_("Email"), EMAIL_FIX),
            (p.udyam is not None, N_("Udyam number (for MSE benefits)"), N_("Free at udyamregistration.gov.in.")),
            (p.gstin is not None, N_("GSTIN (needed for orders above ₹2.5 lakh)"), N_("Apply free at gst.gov.in.")),
        ]
        lines = [turn._(N_("Your GeM checklist:"))]
        for ready, label, fix in items:
            # A word beside each mark: some phones and the terminal chat draw ✅ and ❌ as empty boxes.
            mark = "✅ " + turn._(N_("Ready")) if ready else "❌ " + turn._(N_("Missing"))
            lines.append(f"{mark}: " + turn._(label) + ("" if ready else " — " + turn._(fix)))
        lines.append(turn._(N_("You can start on GeM now and add what's missing later.")))
        turn.say("\n".join(lines), self.buttons(turn))

    def read_sentence(self, turn: Turn, text: str, options: tuple[Option, ...]) -> str | None:
        found = super().read_sentence(turn, text, options)
        return "later" if found == "start" and understanding.start_waits(text) else found  # "बेटी आएगी तब शुरू करूँगी"

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        if self.choose(turn, inbound) == "later":
            raise Later()


class Later(Exception):
    """Signal that the seller chose to come back to this step later."""


GEM_OPTIONS = (
    Option("done", N_("Done ✅"), ("ho gaya", "hogaya", "हो गया", "done", "kar liya", "कर लिया")),
    Option("help", N_("Help"), ("madad", "मदद", "help", "problem", "dikkat")),
    Option("later", N_("Later"), ("baad mein", "बाद में", "later", "kal")),
)


class GemStep(Step):
    """Walk one step on the GeM portal itself: explain, then done / help / later."""

    options = GEM_OPTIONS
    text: str = ""
    vocabulary = "gem"  # every GeM step's done, help and later are said alike
    questions_are_answers = True  # "OTP nahi aa raha?" asks for this step's help
    why = N_("I can help you with this GeM step. Tap Done when it is done, Help if you are stuck, or Later.")

    def gem_steps(self, conv: Conversation, turn: Turn) -> list[str]:
        """Return the GeM step ids that apply to this seller."""
        return [s.id for s in STEPS if isinstance(s, GemStep) and s.applies(conv, turn)]

    def body(self, conv: Conversation, turn: Turn) -> str:
        """Return the step's explanation in the seller's language."""
        return turn._(self.text)

    def ask(self, conv: Conversation, turn: Turn) -> None:
        ids = self.gem_steps(conv, turn)
        header = turn._(N_("GeM step {n} of {total}: {title}"), n=ids.index(self.id) + 1, total=len(ids), title=turn._(self.title))
        turn.say(header + "\n" + self.body(conv, turn), self.buttons(turn))

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        choice = self.choose(turn, inbound)
        if choice == "help":
            raise ShowHelp()
        if choice == "later":
            raise Later()


class ShowHelp(Exception):
    """Signal that the seller asked for this step's help."""


class GemSignupStep(GemStep):
    id = "gem_signup"
    title = N_("Sign up on GeM")
    text = N_(
        "1. Open gem.gov.in → Sign up → Seller.\n"
        "2. Verify yourself with the OTP on your Aadhaar-linked mobile (or your personal PAN with exact name and date of birth).\n"
        "3. Verify your email, then make your user ID and password.\n"
        "It is free."
    )
    help = N_(
        "Common problems:\n"
        "• OTP not coming: the mobile must be linked to Aadhaar. An OTP lasts 30 minutes — use the latest one.\n"
        "• Name or date of birth not matching: type them exactly as on the PAN card.\n"
        "• Sites asking money for GeM registration are fake. Use only gem.gov.in."
    )


class GemProfileStep(GemStep):
    id = "gem_profile"
    parts_then_later = True
    title = N_("Business profile")
    text = N_(
        "In your GeM dashboard, fill in:\n"
        "• Business PAN (the name comes from Income Tax records)\n"
        "• Business details and addresses (registered office, billing address with its GSTIN)\n"
        "• Bank account number and IFSC, in the business's name\n"
        "• Udyam number, to get MSE benefits"
    )
    help = N_(
        "Common problems:\n"
        "• PAN type doesn't match business type: a sole owner uses personal PAN (4th letter P), a firm F, a company C.\n"
        "• PAN inactive or not linked to Aadhaar: fix it at incometax.gov.in.\n"
        "• GSTIN suspended or address different: fix it at gst.gov.in first.\n"
        "• Bank account must be in the business's name."
    )


CAUTION_SLABS = {"under_1cr": 5000, "1_10cr": 10000, "over_10cr": 25000}


class GemCautionMoneyStep(GemStep):
    id = "gem_caution_money"
    parts_then_later = True
    sums = tuple(CAUTION_SLABS.values())
    title = N_("Caution money")
    help = N_(
        "• Pay online in the GeM seller dashboard → Caution money.\n"
        "• It is refunded when you leave GeM with no pending orders.\n"
        "• It can be forfeited for refusing orders, withdrawing bids or poor performance."
    )

    def body(self, conv: Conversation, turn: Turn) -> str:
        p = conv.profile
        lines = [turn._(N_("A one-time, refundable deposit."))]
        if p.women_owned or p.sc_st_owned:
            if p.udyam:
                lines.append(turn._(N_("As a women-owned or SC/ST-owned MSE you are exempt: choose the exemption and upload your Udyam certificate.")))
            else:
                lines.append(turn._(N_("Women-owned and SC/ST-owned MSEs are exempt, but GeM needs your Udyam number for that. Get it free at udyamregistration.gov.in.")))
        amount = CAUTION_SLABS.get(p.turnover_band or "under_1cr", 5000)
        lines.append(turn._(N_("Your amount: {amount} (turnover under ₹1 crore: ₹5,000; ₹1–10 crore: ₹10,000; above: ₹25,000)."), amount=turn.rupees(amount)))
        return "\n".join(lines)


class GemVendorAssessmentStep(GemStep):
    id = "gem_vendor_assessment"
    parts_then_later = True
    title = N_("Vendor assessment")
    text = N_(
        "As a manufacturer, apply for vendor assessment in your GeM dashboard. QCI checks your documents, then your factory by video. "
        "BIS licence holders may be exempt."
    )
    help = N_(
        "Keep ready: factory address proof, machine list, photos of the unit and products, and quality certificates. "
        "The fee is shown in the dashboard. After approval, add your brand (OEM panel)."
    )

    def applies(self, conv: Conversation, turn: Turn) -> bool:
        return conv.profile.makes_products is True


class GemCatalogueStep(GemStep):
    id = "gem_catalogue"
    title = N_("List your products or services")
    text = N_(
        "Add each product or service in the right GeM category with price, photos and stock. "
        "After that you get orders and can take part in bids."
    )
    help = N_(
        "• Search the category first; use the exact specification.\n"
        "• Give a fair price: buyers compare.\n"
        "• Keep stock and delivery areas up to date."
    )


class RegisteredStep(Step):
    id = "registered"
    title = N_("Registered")
    skippable = False
    request_answered = "menu"  # the step's one button
    why = N_("Your GeM registration is complete 🎉 For questions about bids and orders, send \"talk to a person\". Tap Menu for more.")
    options = (Option("menu", N_("Menu"), ("menu",)),)

    def ask(self, conv: Conversation, turn: Turn) -> None:
        turn.say(
            turn._(
                N_(
                    "🎉 Congratulations! You are a GeM seller now.\n"
                    "Check new bids every day. As an MSE you get EMD exemption and purchase preference. Orders up to ₹10 lakh have no GeM charge."
                )
            ),
            self.buttons(turn),
        )

    def accept(self, conv: Conversation, turn: Turn, inbound: Inbound) -> None:
        raise ShowMenu()


class ShowMenu(Exception):
    """Show the menu instead of reading an answer."""


STEPS: tuple[Step, ...] = (
    LanguageStep(),
    ConsentStep(),
    NameStep(),
    BusinessNameStep(),
    DistrictStep(),
    OfferingStep(),
    CategoryStep(),
    MakerStep(),
    EnterpriseTypeStep(),
    BenefitCategoryStep(),
    TurnoverStep(),
    UdyamStep(),
    PanStep(),
    GstinStep(),
    MobileStep(),
    BankAccountStep(),
    AadhaarMobileStep(),
    EmailStep(),
    ChecklistStep(),
    GemSignupStep(),
    GemProfileStep(),
    GemCautionMoneyStep(),
    GemVendorAssessmentStep(),
    GemCatalogueStep(),
    RegisteredStep(),
)
STEP_BY_ID = {step.id: step for step in STEPS}
STEP_IDS = tuple(STEP_BY_ID)
