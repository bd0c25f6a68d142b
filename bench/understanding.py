"""Understanding benchmark: how many answers typed as sellers type them the engine takes the way a person would.

Run from the repository root after `make install`:

    .venv/bin/python bench/understanding.py                  # the test part of the corpus
    .venv/bin/python bench/understanding.py --split all      # tune and test parts together
    .venv/bin/python bench/understanding.py --show 20        # also list 20 answers it got wrong, per kind

Each line of tests/engine/understanding/corpus.tsv is an answer a seller typed at one step of the
journey and what a patient helper would take it to mean (see that folder's README). The answer is
fed to the real engine (`bot.engine.conversation.resume`) at that step, on a conversation like a
seller's at that point, and the engine's own reading (`Result.understood`) is compared with the label:
- understood  the same meaning (a typed value: the same value once normalised);
- asked       the engine asked back which one was meant (right when the label is "ask");
- missed      the engine did not understand and asked the seller to answer again;
- misread     the engine took a different meaning without asking: the failure that matters most.
Printed: the share understood per step and per script (Devanagari, Latin-script Hindi, English), the
misread count, and the engine's speed on the corpus against replaying a tap of the first button in
the same run. Goals (issue 13, test part): ≥ 97 % understood, 0 misread, no step below 90 %.
The last line reads: understanding: <pct> % understood, <n> misread, worst step <step> <pct> %, <rows> answers (<split>)
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import csv  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

from bench.common import say, verdict  # noqa: E402

CORPUS = ROOT / "tests" / "engine" / "understanding" / "corpus.tsv"
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
GOAL_SHARE, GOAL_STEP = 0.97, 0.90


@dataclass(frozen=True)
class Row:
    """Hold one labelled answer."""

    split: str
    step: str
    script: str
    text: str
    meaning: str


def read_corpus(path: Path = CORPUS) -> list[Row]:
    """Read the corpus's rows (comment lines start with #)."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Row(r["split"], r["step"], r["script"], r["text"], r["meaning"]) for r in reader]


def conversation_at(step: str, script: str):  # type: ignore[no-untyped-def]
    """Return a conversation waiting at a step, as a seller's would be (a maker of products, consent given)."""
    from bot.engine.model import Conversation, Profile
    from bot.engine.steps import STEP_IDS

    before = list(STEP_IDS[: STEP_IDS.index(step)])
    consented = "ask_consent" in before
    profile = Profile(name="Ramesh Kumar", business_name="Shri Ram Traders", district_lgd=162, offering="products", makes_products=True,
                      enterprise_type="proprietorship")
    order = ("ask_turnover", "checklist", "gem_signup", "gem_caution_money", "gem_catalogue")
    stage = "engaged" if not consented else "consented"
    for passed, reached in zip(order, ("profiled", "documents_ready", "gem_account", "gem_profile_complete", "catalogue_listed")):
        if passed in before:
            stage = reached
    return Conversation(step=step, language="en" if script == "en" else "hi", stage=stage, asked=True,
                        consent_version="v1" if consented else None, history=before, profile=profile, last_seen=NOW)


def value_of(step: str, conv) -> str | None:  # type: ignore[no-untyped-def]
    """Return the value a typed-answer step kept, in the corpus's form."""
    from bot.engine.districts import by_code

    p = conv.profile
    if step == "ask_district":
        district = by_code(p.district_lgd) if p.district_lgd else None
        return district.name_en if district else None
    found = {"ask_name": p.name, "ask_business_name": p.business_name, "ask_udyam": p.udyam, "ask_pan": p.pan_masked, "ask_gstin": p.gstin,
             "ask_mobile": p.mobile, "ask_email": p.email}.get(step)
    return found


def normal(step: str, value: str | None) -> str | None:
    """Bring a value to one form for comparing: upper-case identifiers, the last ten digits of a mobile, a masked PAN."""
    from bot.engine import validators

    if value is None:
        return None
    value = " ".join(value.split())
    if step in ("ask_udyam", "ask_gstin"):
        return value.upper().replace(" ", "")
    if step == "ask_pan":
        value = value.upper().replace(" ", "")
        return validators.mask_pan(value) if re.fullmatch(r"[A-Z]{5}[0-9]{4}[A-Z]", value) else value
    if step == "ask_mobile":
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits[-10:]
    if step == "ask_email":
        return value.lower()
    return value.casefold()


def judge(row: Row, env) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    """Feed one answer to the engine and return (understood | asked | missed | misread, what the engine read)."""
    from bot.engine.conversation import resume
    from bot.engine.model import Inbound

    conv = conversation_at(row.step, row.script)
    if row.step == "ask_category":
        conv.profile.offering = "both"  # every category is offered, as to a seller who sells products and services
    if row.step == "ask_pan" and row.meaning.startswith("value:") and len(row.meaning) == 16:
        # The business type given earlier in the journey fits the PAN (a firm's PAN has F as its fourth letter, a company's C).
        conv.profile.enterprise_type = {"F": "partnership", "C": "company"}.get(row.meaning[9].upper(), "proprietorship")
    result = resume(conv, Inbound(kind="text", text=row.text), now=NOW, env=env, channel="telegram")
    read = result.understood
    if read == "value":
        read = "value:" + (value_of(row.step, result.conversation) or "")
    if read is None:
        return "missed", None
    if read == "ask":
        return ("understood" if row.meaning == "ask" else "asked"), read
    if row.meaning.startswith("value:") and read.startswith("value:"):
        same = normal(row.step, read[6:]) == normal(row.step, row.meaning[6:])
        return ("understood" if same else "misread"), read
    return ("understood" if read == row.meaning else "misread"), read


def main() -> None:
    """Judge every answer of the chosen part, print the shares and the speed, and the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "tune", "all"), default="test", help="which part of the corpus (default: test)")
    parser.add_argument("--show", type=int, default=0, help="list this many wrong answers of each kind")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a corpus file (default: the project's)")
    args = parser.parse_args()

    from bot.engine.context import Env
    from bot.i18n import compile_catalogues, load_translations
    from bot.store.digests import pan_digester

    if not args.corpus.exists():
        raise SystemExit(f"no corpus at {args.corpus}")
    compile_catalogues()
    env = Env(translations=load_translations(), pan_digest=pan_digester("bench-understanding-key-0123456789abcdef"))
    rows = [row for row in read_corpus(args.corpus) if args.split == "all" or row.split == args.split]
    by_step: dict[str, Counter] = defaultdict(Counter)
    by_script: dict[str, Counter] = defaultdict(Counter)
    wrong: dict[str, list[tuple[Row, str | None]]] = defaultdict(list)
    started = time.perf_counter()
    for row in rows:
        verdict_, read = judge(row, env)
        by_step[row.step][verdict_] += 1
        by_script[row.script][verdict_] += 1
        if verdict_ != "understood":
            wrong[verdict_].append((row, read))
    elapsed = time.perf_counter() - started

    from bot.engine.conversation import resume
    from bot.engine.model import Inbound

    tap = conversation_at("ask_offering", "deva")
    started_base = time.perf_counter()
    for _ in rows:
        resume(tap, Inbound(kind="button", button="ask_offering:products"), now=NOW, env=env, channel="telegram")
    base = time.perf_counter() - started_base

    def share(counts: Counter) -> float:
        return counts["understood"] / max(1, sum(counts.values()))

    say(f"answers: {len(rows)} ({args.split} part of {args.corpus.name})")
    for step, counts in sorted(by_step.items(), key=lambda kv: share(kv[1])):
        say(f"step {step}: {100 * share(counts):.1f} % understood ({counts['understood']}/{sum(counts.values())}; asked {counts['asked']}, "
            f"missed {counts['missed']}, misread {counts['misread']})")
    for script, counts in sorted(by_script.items()):
        say(f"script {script}: {100 * share(counts):.1f} % understood ({counts['understood']}/{sum(counts.values())})")
    total = Counter()
    for counts in by_step.values():
        total.update(counts)
    overall = share(total)
    worst_step, worst = min(((step, share(counts)) for step, counts in by_step.items()), key=lambda kv: kv[1], default=("-", 0.0))
    say(f"understood: {100 * overall:.1f} %")
    say(f"asked back: {total['asked']}")
    say(f"missed: {total['missed']}")
    say(f"misread: {total['misread']}")
    say(f"engine answers per second: {len(rows) / elapsed:,.0f} (a tap of a button: {len(rows) / base:,.0f} per second)")
    for kind in ("misread", "missed", "asked"):
        for row, read in wrong[kind][: args.show]:
            say(f"  {kind}: [{row.step}] {row.text!r} → {read or '(not understood)'}; meant {row.meaning}")
    say(f"goal understood ≥ {100 * GOAL_SHARE:.0f} %: {verdict(overall >= GOAL_SHARE)} ({100 * overall:.1f} %)")
    say(f"goal no answer misread: {verdict(total['misread'] == 0)} ({total['misread']})")
    say(f"goal no step below {100 * GOAL_STEP:.0f} %: {verdict(worst >= GOAL_STEP)} (worst {worst_step} {100 * worst:.1f} %)")
    say(f"understanding: {100 * overall:.1f} % understood, {total['misread']} misread, worst step {worst_step} {100 * worst:.1f} %, "
        f"{len(rows)} answers ({args.split})")


if __name__ == "__main__":
    main()
