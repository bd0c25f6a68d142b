"""Serve fake Telegram and Twilio APIs on one port, so the scaled layout (Procfile.scale) runs on one machine without credentials.

Usage: python bench/providers.py [--port 8900]. GET /calls lists how many calls each method received.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
from collections import Counter  # noqa: E402

import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402

from tests.fakes import Recorder, fake_telegram, fake_twilio  # noqa: E402


def providers_app(recorder: Recorder) -> FastAPI:
    """Return one app answering both the Bot API and Twilio's Messages API, with GET /calls for what arrived."""
    app = fake_telegram(recorder)
    app.router.routes.extend(fake_twilio(recorder).router.routes)

    @app.get("/calls")
    def calls() -> dict[str, int]:
        with recorder.lock:
            return dict(Counter(call.method for call in recorder.calls))

    return app


def main() -> None:
    """Serve the fake providers until stopped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8900)
    args = parser.parse_args()
    uvicorn.run(providers_app(Recorder()), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
