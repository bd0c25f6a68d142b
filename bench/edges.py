"""The CPU of an inbound message's two edges, each against a yardstick measured in the same run.

Run from the repository root after `make install`:

    .venv/bin/python bench/edges.py              # 5 rounds
    .venv/bin/python bench/edges.py --rounds 9 --sends 4000

1. signature  checking X-Twilio-Signature on a real-sized WhatsApp form: the project's check
              (bot.channels.whatsapp.signature_valid) against twilio's RequestValidator.validate, alternated
              round by round; microseconds a check, median of the rounds
2. send       one WhatsApp reply through the project's WhatsAppSender (twilio's client over aiohttp) against a
              bare aiohttp form post with the same fields and auth, both to the fake Twilio of tests/fakes.py in a
              child process (no rate limit), 16 in flight; process CPU a send, median of the rounds, alternated
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import timeit  # noqa: E402

import aiohttp  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from bot.channels.base import OutboundPayload  # noqa: E402
from bot.channels.whatsapp import WhatsAppSender, signature_valid  # noqa: E402

URL = "https://saathi.example.in/webhooks/twilio/whatsapp"
TOKEN = "t" * 32
ACCOUNT = "AC" + "0" * 32
FORM = {
    "MessageSid": "SM" + "a" * 32, "SmsMessageSid": "SM" + "a" * 32, "AccountSid": ACCOUNT, "From": "whatsapp:+919876543210",
    "To": "whatsapp:+14155238886", "Body": "मेरा नाम रमेश कुमार है", "NumMedia": "0", "NumSegments": "1", "ProfileName": "Ramesh",
    "WaId": "919876543210", "SmsStatus": "received", "ApiVersion": "2010-04-01", "MessageType": "text",
}
TEXT = "आपके कारोबार का नाम क्या है?"
IN_FLIGHT = 16


def signature_round(checks: int) -> tuple[float, float]:
    """Return microseconds a check for the project's signature check and for twilio's validator."""
    signature = RequestValidator(TOKEN).compute_signature(URL, FORM)
    ours = timeit.timeit(lambda: signature_valid(TOKEN, URL, FORM, signature), number=checks) / checks * 1e6
    theirs = timeit.timeit(lambda: RequestValidator(TOKEN).validate(URL, FORM, signature), number=checks) / checks * 1e6
    return ours, theirs


async def send_round(root: str, sends: int, bare: bool) -> float:
    """Return process CPU milliseconds a send, through the project's sender or a bare aiohttp post."""
    sender = WhatsAppSender(ACCOUNT, TOKEN, "+14155238886", base_url=root)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
    url, auth = f"{root}/2010-04-01/Accounts/{ACCOUNT}/Messages.json", {"Authorization": aiohttp.encode_basic_auth(ACCOUNT, TOKEN)}
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(i: int) -> None:
        to = f"+9198{i:08d}"
        async with gate:
            if bare:
                form = {"From": "whatsapp:+14155238886", "To": f"whatsapp:{to}", "Body": TEXT}
                async with session.post(url, data=form, headers=auth) as answer:
                    assert (await answer.json())["sid"]
            else:
                assert (await sender.send(OutboundPayload(to=to, text=TEXT))).outcome == "sent"

    await asyncio.gather(*(one(i) for i in range(200)))  # connections opened, code warm
    start = time.process_time()
    await asyncio.gather(*(one(i) for i in range(sends)))
    cpu = (time.process_time() - start) / sends * 1e3
    await sender.close()
    await session.close()
    return cpu


def main() -> None:
    """Measure both edges, alternating each pair round by round, and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--checks", type=int, default=5000)
    parser.add_argument("--sends", type=int, default=3000)
    args = parser.parse_args()
    pairs = [signature_round(args.checks) for _ in range(args.rounds)]
    ours, theirs = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    print(f"signature: {ours:.1f} µs a check (twilio's validator {theirs:.1f} µs; ratio {ours / theirs:.2f})")
    fakes = subprocess.Popen([sys.executable, str(ROOT / "bench" / "inbound.py"), "--serve-fakes", "--tg-rate", "1e9", "--wa-rate", "1e9"],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        root = f"http://127.0.0.1:{fakes.stdout.readline().split()[2]}"  # "PORTS tg tw"
        sender, bare = [], []
        for _ in range(args.rounds):
            sender.append(asyncio.run(send_round(root, args.sends, bare=False)))
            bare.append(asyncio.run(send_round(root, args.sends, bare=True)))
        s, b = statistics.median(sender), statistics.median(bare)
        print(f"send: {s:.3f} ms CPU a send through WhatsAppSender (a bare aiohttp post {b:.3f} ms; ratio {s / b:.2f})")
        print(f"send rounds: sender {', '.join(f'{x:.3f}' for x in sender)}; bare {', '.join(f'{x:.3f}' for x in bare)}")
    finally:
        fakes.stdin.close()
        fakes.wait(timeout=10)


if __name__ == "__main__":
    main()
