"""The simulator page: served in both languages, safe to render, and usable in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from markupsafe import escape

from api.simulator_page import LABELS, render_page
from api.templating import environment
from bot.engine.context import Env
from tests.live import CHROMIUM_ARGS, chromium_or_skip, live_app

# --- the page as HTML -------------------------------------------------------------------------


def test_page_is_served_in_hindi_by_default(client, env: Env) -> None:
    response = client.get("/simulator")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    send_hi = env.translations["hi"].gettext("Send")
    assert send_hi != "Send", "the Hindi catalogue has no translation for Send"
    assert send_hi in page
    assert '<html lang="hi">' in page
    for testid in ("message-input", "send", "new-seller", "channel", "state-step", "state-stage"):
        assert f'data-testid="{testid}"' in page


def test_page_is_served_in_english_on_request(client) -> None:
    page = client.get("/simulator", params={"lang": "en"}).text
    assert '<html lang="en">' in page
    assert ">Send<" in page
    assert 'placeholder="Type a message…"' in page
    assert "Something went wrong, please try again." in page  # in the labels the script reads


def test_unknown_language_falls_back_to_hindi(client) -> None:
    page = client.get("/simulator", params={"lang": "<script>"}).text
    assert '<html lang="hi">' in page


class _Tags(HTMLParser):
    """Collect the page's <script>, <style> and <link> tags with their attributes and contents."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "link"):
            self.tags.append((tag, dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] in ("script", "style") and self.lasttag in ("script", "style"):
            tag, attrs, text = self.tags[-1]
            self.tags[-1] = (tag, attrs, text + data)


def _tags(page: str, name: str) -> list[tuple[dict[str, str | None], str]]:
    parser = _Tags()
    parser.feed(page)
    return [(attrs, text) for tag, attrs, text in parser.tags if tag == name]


def test_page_makes_no_external_requests(client) -> None:
    page = client.get("/simulator").text
    hosts = {urlsplit(url).netloc for url in re.findall(r"(?i)\bhttps?://[^\s\"'<>)]*", page)}
    assert hosts <= {"testserver"}, f"the page names other hosts: {hosts}"
    assert "connect-src 'self'" in page
    for name in ("simulator.css", "simulator.js"):
        text = client.get(f"/static/{name}").text
        assert "http://" not in text and "https://" not in text, name


def test_page_takes_its_css_and_js_from_static_files(client) -> None:
    page = client.get("/simulator").text
    stylesheets = [attrs["href"] for attrs, _ in _tags(page, "link") if attrs.get("rel") == "stylesheet"]
    assert stylesheets == ["/static/simulator.css"]
    sources = [attrs.get("src") for attrs, _ in _tags(page, "script")]
    assert "/static/simulator.js" in sources
    for attrs, text in _tags(page, "script"):
        # A data block the script reads is not code; anything else must come from a file.
        assert attrs.get("src") or attrs.get("type") == "application/json", f"inline script: {text[:80]!r}"
        assert not (attrs.get("src") and text.strip())
    assert _tags(page, "style") == []
    assert not re.search(r"(?i)\son[a-z]+\s*=", page), "inline event handler"
    assert not re.search(r"(?i)\sstyle\s*=", page), "inline style attribute"
    assert "'unsafe-inline'" not in page


@pytest.mark.parametrize(
    ("name", "content_types", "marker"),
    [
        ("simulator.css", ("text/css",), ".bubble"),
        ("simulator.js", ("text/javascript", "application/javascript"), 'getElementById("labels")'),
    ],
)
def test_static_files_are_served(client, name: str, content_types: tuple[str, ...], marker: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0].strip() in content_types
    assert marker in response.text


class _Hostile:
    TEXT = '</script><script>alert("x")</script><b a=\'1\'>&amp;'

    def gettext(self, message: str, /) -> str:
        return self.TEXT

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.TEXT


def test_a_label_cannot_inject_html() -> None:
    page = render_page(Env(translations={"hi": _Hostile(), "en": _Hostile()}, pan_digest=str), "hi")
    assert "<b a=" not in page
    assert 'alert("x")' not in page
    assert page.count("</script>") == 2  # the page's labels and its script's tag, nothing more
    assert str(escape(_Hostile.TEXT)) in page  # escaped in HTML
    assert "\\u003c/script\\u003e" in page  # escaped in the script's JSON


def test_templates_translate_with_the_catalogue_of_their_language(env: Env) -> None:
    template = environment.from_string('{{ _("Send") }}|{% trans %}Send{% endtrans %}')
    assert template.render(translations=env.translations["hi"]) == "|".join([env.translations["hi"].gettext("Send")] * 2)
    assert template.render(translations=env.translations["en"]) == "Send|Send"
    hostile = str(escape(_Hostile.TEXT))
    assert template.render(translations=_Hostile()) == f"{hostile}|{hostile}"  # {% trans %} too


def test_every_label_is_translated_into_hindi(env: Env) -> None:
    hindi = env.translations["hi"]
    untranslated = [msgid for _, msgid in LABELS if hindi.gettext(msgid) == msgid]
    assert untranslated == []


# --- the page in a real browser ---------------------------------------------------------------


@pytest.fixture
def chromium() -> str:
    """Return the Chromium to drive; skip (or fail, when REQUIRE_BROWSER is set) when it is absent."""
    return chromium_or_skip()


@pytest.fixture
def live_server(db, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Run the app with uvicorn in a background thread on a free local port; yield its root URL."""
    from api.main import create_app

    with live_app(create_app(settings)) as root:
        yield root


@pytest.fixture
def page(chromium: str, live_server: str) -> Iterator:  # type: ignore[type-arg]
    """Yield a phone-sized browser page (the language and storage start empty)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 400, "height": 860}, device_scale_factor=1)
            context.set_default_timeout(10_000)
            page = context.new_page()
            script_errors: list[str] = []
            page.on("pageerror", lambda error: script_errors.append(str(error)))
            blocked: list[str] = []  # what the page's Content-Security-Policy refused to load or run
            page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
            yield page
            context.close()
            assert script_errors == [], f"the page's script failed: {script_errors}"
            assert blocked == [], f"the page broke its own Content-Security-Policy: {blocked}"
        finally:
            browser.close()


def _expected_consent(root: str) -> tuple[str, str]:
    """Ask the API, as another seller, for the Hindi consent notice and its agree button's title."""
    def say(**body: object) -> dict:
        response = httpx.post(f"{root}/api/simulator/messages", json={"user": "reference", "channel": "whatsapp", **body})
        response.raise_for_status()
        return response.json()

    say(text="नमस्ते")
    reply = say(button="ask_language:hi")["replies"][-1]
    agree = next(b["title"] for b in reply["buttons"] if b["id"] == "ask_consent:yes")
    return reply["text"], agree


@pytest.mark.browser
def test_a_seller_chats_in_a_real_browser(page, live_server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    consent_text, agree = _expected_consent(live_server)
    page.goto(f"{live_server}/simulator")
    user_id = page.get_by_test_id("user").input_value()
    assert user_id.startswith("sim-")

    box = page.get_by_test_id("message-input")
    box.fill("नमस्ते")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("user-message")).to_have_count(1)
    expect(page.get_by_test_id("user-message").first).to_contain_text("नमस्ते")
    expect(box).to_have_value("")
    welcome = page.get_by_test_id("bot-message").first
    expect(welcome).to_contain_text("GeM Saathi")
    expect(welcome.get_by_test_id("reply-button")).to_have_count(2)
    expect(page.get_by_test_id("typing")).to_be_hidden()
    expect(page.get_by_test_id("identity")).to_contain_text(user_id)
    assert welcome.locator(".bubble").evaluate("el => getComputedStyle(el).whiteSpace") == "pre-wrap"

    page.get_by_test_id("reply-button").filter(has_text="हिंदी").click()
    expect(page.get_by_test_id("user-message").last).to_contain_text("हिंदी")  # the tapped title, as the seller's bubble
    consent = page.get_by_test_id("bot-message").last
    expect(consent).to_contain_text(consent_text.splitlines()[0])
    expect(consent).to_contain_text(consent_text.splitlines()[-1])
    assert consent_text.splitlines()[1] in consent.inner_text()  # newlines and bullets kept

    consent.get_by_test_id("reply-button").filter(has_text=agree).click()
    expect(page.get_by_test_id("bot-message")).to_have_count(3)

    box.fill("रमेश कुमार")
    box.press("Enter")  # Enter sends
    expect(page.get_by_test_id("bot-message").last).to_contain_text("रमेश कुमार")
    page.get_by_test_id("state-toggle").click()
    expect(page.get_by_test_id("state-step")).to_have_text("ask_business_name")
    expect(page.get_by_test_id("state-stage")).to_have_text("consented")
    expect(page.get_by_test_id("state-profile")).to_contain_text('"name": "रमेश कुमार"')

    # The newest message is in view.
    assert page.get_by_test_id("chat").evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight") < 5

    shot = tmp_path / "simulator.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000

    # A reload keeps the same seller: the transcript is back and the conversation goes on.
    page.reload()
    assert page.get_by_test_id("user").input_value() == user_id
    expect(page.get_by_test_id("user-message")).to_have_count(4)
    expect(page.get_by_test_id("state-step")).to_have_text("ask_business_name")
    box = page.get_by_test_id("message-input")
    box.fill("रमेश ट्रेडर्स")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("state-step")).to_have_text("ask_district")

    # A new seller starts afresh.
    page.get_by_test_id("new-seller").click()
    assert page.get_by_test_id("user").input_value() != user_id
    expect(page.get_by_test_id("user-message")).to_have_count(0)
    expect(page.get_by_test_id("state-step")).to_have_text("—")


@pytest.mark.browser
def test_errors_are_polite_and_keep_the_typed_text(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(f"{live_server}/simulator?lang=en")
    page.route("**/api/simulator/messages", lambda route: route.fulfill(status=500, body="boom"))
    box = page.get_by_test_id("message-input")
    box.fill("hello")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("system-message")).to_have_text("Something went wrong, please try again.")
    expect(box).to_have_value("hello")
    expect(page.get_by_test_id("user-message").last).to_contain_text("Not sent")

    page.route("**/api/simulator/messages", lambda route: route.abort())
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("system-message").last).to_contain_text("Could not reach the server")
    expect(box).to_have_value("hello")

    page.unroute("**/api/simulator/messages")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("bot-message").first).to_contain_text("GeM Saathi")
    expect(box).to_have_value("")
