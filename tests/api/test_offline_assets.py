"""Every front-end asset comes from the app itself: the API docs load no CDN, and each vendored file is accounted for."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

VENDOR = Path(__file__).resolve().parents[2] / "api" / "static" / "vendor"
README = VENDOR / "README.md"

# What each kind of vendored file must be served as, and the least it can weigh to be the real thing.
CONTENT_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}
MIN_BYTES = {".js": 20_000, ".css": 20_000, ".png": 100}


class _Links(HTMLParser):
    """Collect every src= and href= in a page, and the spec URL ReDoc is pointed at."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the URL-bearing attributes of one tag."""
        for name, value in attrs:
            if name in ("src", "href", "spec-url") and value is not None:
                self.urls.append(value)


def _links(html: str) -> list[str]:
    """Return the src, href and spec-url URLs of a page."""
    parser = _Links()
    parser.feed(html)
    return parser.urls


def _is_local(url: str) -> bool:
    """Tell whether a URL is served by the app itself (a same-origin path) or inline data."""
    return (url.startswith("/") and not url.startswith("//")) or url.startswith("data:")


def _readme_rows() -> dict[str, str]:
    """Return the README's file table: file name → its whole row."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+)`\s*\|", line)
        if match and re.search(r"`[0-9a-f]{64}`", line):  # rows of the file table end in a SHA-256
            rows.setdefault(match.group(1), line)
    return rows


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_docs_load_everything_from_the_app(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    urls = _links(html)
    assert any(url.endswith(".js") for url in urls), urls  # the page really does load its bundle
    foreign = [url for url in urls if not _is_local(url)]
    assert not foreign, f"{page} loads from outside the app: {foreign}"
    assert not re.findall(r"https?://|//cdn|fonts\.googleapis", html), f"{page} names another host"
    # and the browser is held to this origin, whatever the bundles try (ReDoc's footer logo is on cdn.redoc.ly)
    policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert not [d for d, sources in policy.items() if re.search(r"https?:|\*|//", sources)], policy

    for url in urls:
        if url.startswith("data:"):
            continue
        asset = client.get(url)
        assert asset.status_code == 200, url
        if url.startswith("/static/"):
            suffix = Path(url).suffix
            assert CONTENT_TYPES[suffix] in asset.headers["content-type"], (url, asset.headers["content-type"])
            assert len(asset.content) >= MIN_BYTES[suffix], url
            assert asset.content == (VENDOR / Path(url).name).read_bytes()


def test_swagger_ui_is_told_where_the_schema_and_oauth2_redirect_are(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "url: '/openapi.json'" in html
    assert "'/docs/oauth2-redirect'" in html
    assert '"validatorUrl": null' in html  # no call to validator.swagger.io
    redirect = client.get("/docs/oauth2-redirect")
    assert redirect.status_code == 200 and "oauth2" in redirect.text.lower()
    assert client.get("/openapi.json").status_code == 200


def test_the_docs_pages_stay_out_of_the_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/docs", "/docs/oauth2-redirect", "/redoc"} & set(paths)


def test_the_vendored_stylesheets_fetch_nothing_else() -> None:
    for css in VENDOR.glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, css.name
        external = [u for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", text) if not u.startswith("data:")]
        assert not external, (css.name, external[:5])


def test_the_readme_accounts_for_every_vendored_file() -> None:
    rows = _readme_rows()
    present = sorted(p.name for p in VENDOR.iterdir() if p.name != "README.md")
    assert present, "nothing vendored"
    unlisted = [name for name in present if name not in rows]
    assert not unlisted, f"vendored without a README row (package, version, licence, SHA-256): {unlisted}"
    missing = [name for name in rows if not (VENDOR / name).is_file()]
    assert not missing, f"README lists files that are not there: {missing}"
    for name, row in rows.items():
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert digest in row, f"{name} differs from the published file the README names; refresh its row"
        assert re.search(r"\|\s*\d+\.\d+\.\d+\s*\|", row), f"{name}: no exact version in {row}"
    text = README.read_text(encoding="utf-8")
    for package in {row.split("`")[3] for row in rows.values()}:
        assert re.search(rf"npm pack {re.escape(package)}@\d+\.\d+\.\d+", text), f"no npm pack command for {package}"


def test_each_package_ships_its_licence_beside_its_files() -> None:
    rows = _readme_rows().items()
    for package in {row.split("`")[3] for _, row in rows}:
        licences = [name for name, row in rows if row.split("`")[3] == package and name.startswith("LICENSE.")]
        assert len(licences) == 1, f"{package} should have exactly one LICENSE.<name>.txt: {licences}"
        assert (VENDOR / licences[0]).stat().st_size > 300, licences[0]


def test_the_vendored_htmx_is_2_x() -> None:
    text = (VENDOR / "htmx.min.js").read_text(encoding="utf-8")
    versions = set(re.findall(r"""version\s*:\s*["'](\d+\.\d+\.\d+)["']""", text))
    assert len(versions) == 1, versions
    (version,) = versions
    assert version.startswith("2.0."), version
    assert f"| {version} |" in _readme_rows()["htmx.min.js"]


def test_the_vendored_pico_is_2_x_and_the_class_light_build() -> None:
    text = (VENDOR / "pico.min.css").read_text(encoding="utf-8")
    match = re.search(r"Pico CSS \S* ?v(\d+\.\d+\.\d+)", text[:300])
    assert match, text[:300]
    assert match.group(1).startswith("2."), match.group(1)
    assert f"| {match.group(1)} |" in _readme_rows()["pico.min.css"]
    assert ".container" in text, "the classless build (no .container) was vendored instead of the default"
    assert ".pico" not in text, "the conditional build (rules scoped to .pico) was vendored instead of the default"


def test_styles_and_scripts_go_compressed_for_slow_links(client) -> None:  # type: ignore[no-untyped-def]
    plain = client.get("/static/vendor/pico.min.css", headers={"Accept-Encoding": "identity"})
    packed = client.get("/static/vendor/pico.min.css", headers={"Accept-Encoding": "gzip"})
    assert packed.headers.get("content-encoding") == "gzip" and plain.headers.get("content-encoding") is None
    assert packed.num_bytes_downloaded < plain.num_bytes_downloaded / 4  # bytes on the wire
    assert packed.text == plain.text  # the client unpacks it to the same file
    webhook_path = client.post("/api/simulator/messages", json={"user": "gz", "text": "namaste " * 200}, headers={"Accept-Encoding": "gzip"})
    assert webhook_path.status_code == 200 and webhook_path.headers.get("content-encoding") is None  # the API's short path stays as it was
