"""Campaign feeding from a child process: the worker command's feeder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot.campaigns.feeder import FEEDER_NICENESS, CampaignFeeder, FeederProcess
from bot.compose import build_worker, env_from_settings
from bot.delivery import TemplateBook
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import Campaign, CampaignRecipient, OutboxMessage
from bot.turn import Runner
from tests.test_campaigns import NOW, _campaign, _seller

ROOT = Path(__file__).resolve().parents[1]


def _sending_campaign(db, sellers: int) -> int:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        for n in range(sellers):
            _seller(session, n)
        return _campaign(session, status="scheduled").id


def _child_pid(feeder: FeederProcess) -> int:
    assert feeder.pid is not None
    return feeder.pid


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def _send_all(db) -> None:  # type: ignore[no-untyped-def]
    """Stand in for the worker: every row in the outbox went out."""
    with transaction(db) as session:
        session.execute(update(OutboxMessage).values(status="sent"))


def test_the_feeding_process_fills_the_outbox_like_the_thread(db, database_url: str) -> None:  # type: ignore[no-untyped-def]
    campaign_id = _sending_campaign(db, 25)
    feeder = FeederProcess(database_url, env_from_settings, buffer=10, batch=10)
    try:
        first = feeder.run_once(NOW)
        assert (first.queued, first.skipped) == (10, 0)
        assert feeder.run_once(NOW).queued == 0  # the buffer is full until the worker sends
        _send_all(db)
        assert feeder.run_once(NOW).queued == 10
    finally:
        feeder.close()
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).status == "sending"
        texts = session.exec(select(OutboxMessage.payload)).all()
        moved = Counter(session.exec(select(CampaignRecipient.status)).all())
    assert len(texts) == 20 and all("जेम पंजीकरण" in p["text"] and "लखनऊ" in p["text"] for p in texts)
    assert moved == {"outboxed": 20, "queued": 5}


def test_the_feeding_process_gives_way_to_the_send_loop(db, database_url: str) -> None:  # type: ignore[no-untyped-def]
    feeder = FeederProcess(database_url, env_from_settings)
    try:
        feeder.start()
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, _child_pid(feeder)) == min(mine + FEEDER_NICENESS, 19)
    finally:
        feeder.close()


def test_a_dead_feeding_process_is_replaced_and_nobody_is_fed_twice(db, database_url: str) -> None:  # type: ignore[no-untyped-def]
    _sending_campaign(db, 30)
    feeder = FeederProcess(database_url, env_from_settings, buffer=10, batch=10)
    try:
        feeder.start()
        os.kill(_child_pid(feeder), signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            feeder.run_once(NOW)
        for _ in range(4):  # a new child, and on to the end of the campaign
            feeder.run_once(NOW)
            _send_all(db)
    finally:
        feeder.close()
    with Session(db) as session:
        per_recipient = Counter(session.exec(select(OutboxMessage.recipient_id)).all())
        campaign = session.exec(select(Campaign)).one()
    assert len(per_recipient) == 30 and set(per_recipient.values()) == {1}
    assert campaign.status == "done"


def test_the_feeding_process_ends_with_a_parent_killed_outright(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'feed.db'}"
    script = (
        "import sys, time\n"
        "from bot.store.migrate import upgrade\n"
        "from bot.compose import env_from_settings\n"
        "from bot.campaigns.feeder import FeederProcess\n"
        "if __name__ == '__main__':\n"
        f"    upgrade({url!r})\n"
        f"    feeder = FeederProcess({url!r}, env_from_settings)\n"
        "    feeder.start()\n"
        "    print(feeder.pid, flush=True)\n"
        "    time.sleep(120)\n"
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    parent = subprocess.Popen([sys.executable, str(path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())  # type: ignore[union-attr]
        assert _alive(child)
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the feeding process outlived its parent"
    finally:
        parent.kill()
        parent.wait(10)


def test_the_worker_command_feeds_from_a_child_and_the_web_process_on_a_thread(db, database_url: str, env) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=database_url)
    runner = Runner(db, env)
    templates = TemplateBook({})
    assert isinstance(build_worker(settings, db, {}, templates, runner).feeder, FeederProcess)
    assert isinstance(build_worker(settings, db, {}, templates, runner, in_process=True).feeder, CampaignFeeder)
