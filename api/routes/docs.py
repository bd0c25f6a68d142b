"""Serve the API docs (Swagger UI at /docs, ReDoc at /redoc) from the vendored assets, with no CDN."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"  # api/static/vendor/, mounted at /static in api/main.py
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

# Keep the browser on this origin even where a vendored bundle reaches out by itself (ReDoc 2.x always
# shows cdn.redoc.ly's logo in its footer; the image hides itself when it cannot load). FastAPI's pages
# need inline styles, Swagger UI its inline set-up script, and ReDoc a blob: worker.
_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'"
SWAGGER_UI_POLICY = f"{_POLICY}; script-src 'self' 'unsafe-inline'"
REDOC_POLICY = f"{_POLICY}; script-src 'self'; worker-src 'self' blob:"


def _root(request: Request) -> str:
    """Return the path prefix the app is served under (empty unless behind a proxy that sets root_path)."""
    return request.scope.get("root_path", "").rstrip("/")


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Answer the Swagger UI page, loading its script, styles and icon from /static/vendor."""
    root, app = _root(request), request.app
    page = get_swagger_ui_html(
        openapi_url=root + app.openapi_url,
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{root}{VENDOR}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{VENDOR}/swagger-ui.css",
        swagger_favicon_url=f"{root}{VENDOR}/swagger-ui-favicon-32x32.png",
        oauth2_redirect_url=root + OAUTH2_REDIRECT,
        init_oauth=app.swagger_ui_init_oauth,
        # validatorUrl: None keeps Swagger UI from asking validator.swagger.io to check the schema
        swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
    )
    page.headers["Content-Security-Policy"] = SWAGGER_UI_POLICY
    return page


@router.get(OAUTH2_REDIRECT)
def swagger_ui_oauth2_redirect() -> HTMLResponse:
    """Answer the page Swagger UI's OAuth2 flow returns to."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """Answer the ReDoc page, loading its bundle from /static/vendor and no web fonts."""
    root, app = _root(request), request.app
    page = get_redoc_html(
        openapi_url=root + app.openapi_url,
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{root}{VENDOR}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{VENDOR}/swagger-ui-favicon-32x32.png",
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = REDOC_POLICY
    return page
