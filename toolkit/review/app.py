"""The review server's web layer (Starlette): routes, the write guard, and the page's security headers.

Why Starlette (served by uvicorn): a small, typed ASGI toolkit with a real server that shuts
down cleanly when asked (`uvicorn.Server.should_exit`), a test client, and nothing we do not use.

Security, in one place:

- **Reads** need the per-run token: the URL the server prints (``/?token=…``) sets it as a
  ``SameSite=Strict`` cookie named after the port; a request without it gets 403.  The ``Host`` header must name the
  server itself (no DNS rebinding).
- **Writes** (POST) need the token *as a header* (``X-L10n-Token``, which the review script
  copies from the cookie; another site can neither read the cookie nor send the header without a
  CORS preflight, which is never granted) **and** a same-origin request (``Origin`` equal to the
  server's, or ``Sec-Fetch-Site: same-origin``); anything else is 403.
- **Pages** are served with a Content-Security-Policy allowing only the review script
  (``script-src 'self'``): the page's own scripts and event handlers do not run; its CSS and
  images come from the project's source directory.  No file outside it is served.
- Catalogue text reaches HTML only through the build's escaping (`toolkit.html.render`), and the
  review script sets it with ``textContent``.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import asdict
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from toolkit.catalog import EntryText
from toolkit.errors import L10nError
from toolkit.html.render import escape_attr, escape_text
from toolkit.review.model import Conflict, ReviewSite

HEADER = "x-l10n-token"
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; "
            "base-uri 'self'; form-action 'none'; frame-ancestors 'none'")
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                  "Cache-Control": "no-store"}


def cookie_name(port: int) -> str:
    """The token cookie's name: per port, because cookies do not tell ports apart (two servers, two tokens)."""
    return f"l10n_review_{port}"


def create_app(site: ReviewSite, token: str, allowed_hosts: set[str], port: int) -> Starlette:
    """The review app for `site`; `allowed_hosts` are the Host values (host:port) that name this server."""
    cookie = cookie_name(port)

    def host_ok(request: Request) -> bool:
        return request.headers.get("host", "") in allowed_hosts

    def has_token(value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), token.encode())

    def same_origin(request: Request) -> bool:
        site_header = request.headers.get("sec-fetch-site")
        if site_header is not None and site_header != "same-origin":
            return False
        origin = request.headers.get("origin")
        if origin is not None:
            return origin in {f"http://{h}" for h in allowed_hosts} and origin == f"http://{request.headers['host']}"
        return site_header == "same-origin"

    def refuse(why: str) -> Response:
        return Response(why + "\n", status_code=403, media_type="text/plain; charset=utf-8", headers=COMMON_HEADERS)

    def guard_read(request: Request) -> Response | None:
        if not host_ok(request):
            return refuse("unknown Host; open the address l10n serve printed")
        if not has_token(request.cookies.get(cookie)):
            return refuse("no review token; open the address l10n serve printed (it ends in ?token=…)")
        return None

    def guard_write(request: Request) -> Response | None:
        if not host_ok(request):
            return refuse("unknown Host")
        if not same_origin(request):
            return refuse("cross-origin request refused")
        if not has_token(request.headers.get(HEADER)):
            return refuse("missing or wrong review token")
        return None

    def html(body: str, csp: str = APP_CSP, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status,
                            headers={**COMMON_HEADERS, "Content-Security-Policy": csp})

    def json_response(data: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(data, status_code=status, headers=COMMON_HEADERS)

    async def index(request: Request) -> Response:
        given = request.query_params.get("token")
        if given is not None:
            if not host_ok(request):
                return refuse("unknown Host")
            if not has_token(given):
                return refuse("wrong review token; open the address l10n serve printed")
            response = RedirectResponse("/", status_code=303, headers=COMMON_HEADERS)
            response.set_cookie(cookie, token, httponly=False, samesite="strict", path="/")
            return response
        denied = guard_read(request)
        if denied:
            return denied
        return html(index_html(site))

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC or not host_ok(request):
            return Response("not found\n", status_code=404)
        data = resources.files("toolkit.review").joinpath("static", name).read_bytes()
        return Response(data, media_type=STATIC[name], headers=COMMON_HEADERS)

    async def page(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        locale, rel = request.path_params["locale"], request.path_params["path"]
        if locale not in site.locales:
            return Response("unknown locale\n", status_code=404, headers=COMMON_HEADERS)
        if rel in site.pages():
            body = site.render(rel, locale) + review_tags(locale, rel, cookie)
            return html(body, PAGE_CSP)
        target = site.source_file(rel)
        if target is None:
            return Response("not found\n", status_code=404, headers=COMMON_HEADERS)
        return FileResponse(target, headers={**COMMON_HEADERS, "Content-Security-Policy": PAGE_CSP})

    async def units(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        locale, rel = request.query_params.get("locale", ""), request.query_params.get("page", "")
        if locale not in site.locales or rel not in site.pages():
            return json_response({"error": "unknown page or locale"}, 404)
        return json_response({"version": site.version(locale),
                              "units": [u.as_dict() for u in site.units(rel, locale)]})

    async def version(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        locale = request.query_params.get("locale", "")
        if locale not in site.locales:
            return json_response({"error": "unknown locale"}, 404)
        return json_response({"version": site.version(locale)})

    async def save(request: Request) -> Response:
        denied = guard_write(request)
        if denied:
            return denied
        try:
            data = json.loads(await request.body())
            locale, rel, uid = str(data["locale"]), str(data["page"]), int(data["unit"])
            msgstr, approve = str(data["msgstr"]), bool(data["approve"])
            seen = EntryText((str(data["seen"]["msgstr"]),), bool(data["seen"]["fuzzy"]))
        except (ValueError, KeyError, TypeError):
            return json_response({"error": "malformed request"}, 400)
        if locale not in site.locales or rel not in site.pages():
            return json_response({"error": "unknown page or locale"}, 404)
        try:
            unit = site.unit(rel, locale, uid)
        except KeyError:
            return json_response({"error": "unknown unit"}, 404)
        try:
            # the catalogue lock may be held by another writer for a moment: wait off the event loop
            result = await run_in_threadpool(site.save, locale, (unit.msgctxt, unit.msgid), seen, msgstr, approve,
                                             rel, uid)
        except L10nError as exc:
            return json_response({"error": str(exc)}, 409)
        body = {"version": result.version, "unit": asdict(result.unit) if result.unit else None}
        if isinstance(result, Conflict):
            return json_response({**body, "conflict": result.message}, 409)
        return json_response({**body, "saved": True})

    routes = [
        Route("/", index),
        Route("/_review/{name}", static),
        Route("/page/{locale}/{path:path}", page),
        Route("/api/units", units),
        Route("/api/version", version),
        Route("/api/save", save, methods=["POST"]),
    ]
    return Starlette(routes=routes)


def review_tags(locale: str, rel: str, cookie: str) -> str:
    """The review stylesheet and script, appended to the page (the parser puts them in its body)."""
    return (f'\n<link rel="stylesheet" href="/_review/review.css">'
            f'<script src="/_review/review.js" data-locale="{escape_attr(locale)}" '
            f'data-page="{escape_attr(rel)}" data-cookie="{escape_attr(cookie)}" defer></script>\n')


def index_html(site: ReviewSite) -> str:
    rows = []
    for p in site.index():
        href = f"/page/{escape_attr(p.locale)}/{escape_attr(p.page)}"
        rows.append(
            f'<tr><td><a href="{href}">{escape_text(p.page)}</a></td><td>{escape_text(p.locale)}</td>'
            f'<td class="bar"><meter min="0" max="100" value="{p.percent:.0f}"></meter> {p.percent:.0f}%</td>'
            f'<td class="s-reviewed">{p.reviewed}</td><td class="s-mt">{p.mt}</td><td class="s-fuzzy">{p.fuzzy}</td>'
            f'<td class="s-untranslated">{p.untranslated}</td><td class="s-error">{p.errors}</td></tr>')
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>l10n review</title>"
            '<link rel="stylesheet" href="/_review/review.css"></head><body class="l10n-index">'
            "<h1>Review translations</h1><table><thead><tr><th>page</th><th>locale</th><th>complete</th>"
            "<th>reviewed</th><th>machine</th><th>fuzzy</th><th>untranslated</th><th>check errors</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table></body></html>")
