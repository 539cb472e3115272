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
- **Pages** are served with a Content-Security-Policy allowing only the review script, by a nonce
  fresh for every response (not ``script-src 'self'``: a page's ``<script src="app.js">`` is
  same-origin too, and would read the token cookie): the page's own scripts and event handlers do
  not run; its CSS and images come from the project's source directory.  The pages are those extract reads and
  build publishes (`Config.source_files`, a symbolic link to a page kept elsewhere included: the project made it);
  any other file is asked for by name and served only from inside the source directory (`ReviewSite.source_file`).
- **Requests** are parsed strictly: a body over `MAX_BODY` bytes is 413, any field of the wrong type,
  control characters or lone surrogates are 400, a save names the unit's msgid (a page edited since
  it was opened renumbers its units) and a catalogue that cannot be read is one line, 409.
- Catalogue text reaches HTML only through the build's escaping (`toolkit.html.render`), and the
  review script sets it with ``textContent``.

A page's script reads its units' statuses first (`/api/units`, small) and a unit's texts when it is opened
(`/api/unit`): both are reads, under the same guard.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hmac
import math
import secrets
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from toolkit.catalog import EntryText
from toolkit.errors import L10nError
from toolkit.html.render import escape_attr, escape_text
from toolkit.html.tokenize import prologue_end
from toolkit.jsonsafe import shallow_json
from toolkit.locales import text_direction
from toolkit.placeholders import NOT_TEXT
from toolkit.review.model import Conflict, Refused, ReviewSite, Status, UnitStatus

HEADER = "x-l10n-token"
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
PAGE_CSP = ("default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; "
            "base-uri 'self'; form-action 'none'; frame-ancestors 'none'")
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
STATUS_LETTERS = {s.value: s.value[0] for s in Status}  # the review script reads them back (review.js)
MAX_BODY = 1 << 20  # a save is one entry: 1 MiB is far beyond any translation
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                  "Cache-Control": "no-store"}


class BadRequest(Exception):
    """A request the review script would never send: answered 400 with this message."""


@dataclass(frozen=True)
class SaveRequest:
    locale: str
    page: str
    unit: int
    msgctxt: str | None
    msgid: str  # what the reviewer saw: the page may have been edited (and its units renumbered) since
    msgstr: str
    approve: bool
    seen: EntryText


def _field(data: dict, name: str, kind: type, optional: bool = False) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    # bool is an int in Python, and no JSON value but true/false should pass as a flag
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadRequest(f"{name}: expected {kind.__name__}")
    if isinstance(value, str) and NOT_TEXT.search(value):
        raise BadRequest(f"{name}: control characters or lone surrogates are not text")
    return value


def parse_save(raw: bytes) -> SaveRequest:
    """The save request, every field of its exact JSON type (no `str(None)` saved as "None")."""
    try:
        data = shallow_json(raw.decode("utf-8"), parse_constant=lambda name: math.nan)
    except ValueError:  # (UnicodeDecodeError too)
        raise BadRequest("malformed JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("seen"), dict):
        raise BadRequest("malformed request")
    seen = data["seen"]
    return SaveRequest(
        locale=_field(data, "locale", str), page=_field(data, "page", str), unit=_field(data, "unit", int),
        msgctxt=_field(data, "msgctxt", str, optional=True), msgid=_field(data, "msgid", str),
        msgstr=_field(data, "msgstr", str), approve=_field(data, "approve", bool),
        seen=EntryText((_field(seen, "msgstr", str),), _field(seen, "fuzzy", bool)))


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes | None:
    """The request body, or None when it is over `limit` bytes (read no further than that)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def cookie_name(port: int) -> str:
    """The token cookie's name: per port, because cookies do not tell ports apart (two servers, two tokens)."""
    return f"l10n_review_{port}"


def create_app(site: ReviewSite, token: str, allowed_hosts: set[str], port: int) -> Starlette:
    """The review app for `site`; `allowed_hosts` are the Host values (host:port) that name this server."""
    cookie = cookie_name(port)
    saves = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="l10n-save")

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
            return refuse("refused: a save must come from the review page itself (its Origin, or Sec-Fetch-Site: "
                          "same-origin, and the review token header)")
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
        locale = request.query_params.get("locale")
        if locale is not None and locale not in site.locales:
            return Response("unknown locale\n", status_code=404, headers=COMMON_HEADERS)
        return html(index_html(site, locale, request.query_params.get("todo") == "1"))

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
        pages = site.pages()  # (once a request: a walk of the source dir)
        if rel.endswith("/") and rel.rstrip("/") in pages:  # `x.html/` is the page, not its raw source file
            return RedirectResponse(f"/page/{quote(locale)}/{quote(rel.rstrip('/'))}", status_code=301,
                                    headers=COMMON_HEADERS)
        if rel in pages:
            nonce = secrets.token_urlsafe(18)
            body = with_review_tags(site.render(rel, locale, pages), site, locale, rel, cookie, nonce)
            return html(body, PAGE_CSP.format(script=f"'nonce-{nonce}'"))
        target = site.source_file(rel)
        if target is None:
            return Response("not found\n", status_code=404, headers=COMMON_HEADERS)
        file_csp = PAGE_CSP.format(script="'none'")  # a file opened as a page runs nothing
        return FileResponse(target, headers={**COMMON_HEADERS, "Content-Security-Policy": file_csp})

    async def units(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        locale, rel = request.query_params.get("locale", ""), request.query_params.get("page", "")
        pages = site.pages()
        if locale not in site.locales or rel not in pages:
            return json_response({"error": "unknown page or locale"}, 404)
        return json_response({"version": site.version(locale), **statuses_json(site.statuses(rel, locale, pages))})

    async def unit(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        params = request.query_params
        locale, rel, uid = params.get("locale", ""), params.get("page", ""), params.get("id", "")
        if not (uid.isdigit() and uid.isascii() and len(uid) <= 9):
            return json_response({"error": "malformed request: id: expected a unit number"}, 400)
        pages = site.pages()
        if locale not in site.locales or rel not in pages:
            return json_response({"error": "unknown page or locale"}, 404)
        try:
            view = site.unit(rel, locale, int(uid), pages)
        except KeyError:
            return json_response({"error": "unknown unit"}, 404)
        return json_response({"version": site.version(locale), "unit": view.as_dict()})

    async def version(request: Request) -> Response:
        denied = guard_read(request)
        if denied:
            return denied
        locale = request.query_params.get("locale", "")
        if locale not in site.locales:
            return json_response({"error": "unknown locale"}, 404)
        site.check_readable(locale)  # else 409 with the reason: the open page says it and waits, not reloads
        return json_response({"version": site.version(locale)})

    async def save(request: Request) -> Response:
        denied = guard_write(request)
        if denied:
            return denied
        raw = await read_body(request)
        if raw is None:
            return json_response({"error": f"request body over {MAX_BODY} bytes"}, 413)
        try:
            req = parse_save(raw)
        except BadRequest as exc:
            return json_response({"error": f"malformed request: {exc}"}, 400)
        pages = site.pages()
        if req.locale not in site.locales or req.page not in pages:
            return json_response({"error": "unknown page or locale"}, 404)
        try:
            unit = site.unit(req.page, req.locale, req.unit, pages)
        except KeyError:
            return json_response({"error": "unknown unit"}, 404)
        if (unit.msgctxt, unit.msgid) != (req.msgctxt, req.msgid):
            return json_response({"error": "the page changed on disk since you opened it: nothing was written; "
                                  "copy your text, then reload the page"}, 409)
        # the catalogue lock may be held by another writer for a moment: wait off the event loop, in a thread of
        # our own (a task's thread would be cancelled with it)
        saving = saves.submit(site.save, req.locale, (unit.msgctxt, unit.msgid), req.seen, req.msgstr, req.approve,
                              req.page, req.unit, pages)
        try:
            try:
                result = await asyncio.wrap_future(saving)
            except asyncio.CancelledError:
                # the server is stopping at once (a second Ctrl+C): let the write end and answer what it did, not
                # a traceback and a 500 for a text that was saved
                try:
                    result = saving.result()
                except concurrent.futures.CancelledError:
                    return json_response({"error": "the server stopped before saving: nothing was written"}, 503)
        except Refused as exc:
            return json_response({"error": str(exc)}, 422)
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
        Route("/api/unit", unit),
        Route("/api/version", version),
        Route("/api/save", save, methods=["POST"]),
    ]
    async def unreadable(request: Request, exc: Exception) -> Response:
        """A catalogue or page that cannot be read (merge conflict, deleted, unreadable): one line, no traceback."""
        return Response(f"{exc}\n", status_code=409, media_type="text/plain; charset=utf-8", headers=COMMON_HEADERS)

    async def gone(request: Request, exc: Exception) -> Response:
        """A file that went away or cannot be read while answering (deleted meanwhile, permissions)."""
        return Response("not found or unreadable\n", status_code=404, headers=COMMON_HEADERS)

    return Starlette(routes=routes, exception_handlers={L10nError: unreadable, OSError: gone})


def statuses_json(units: list[UnitStatus]) -> dict[str, Any]:
    """The page's units in columns, about 7 bytes a unit: ids in page order, one status letter each
    (`STATUS_LETTERS`), the ids with a check error, and the attributes and titles the panel lists."""
    return {"ids": [u.id for u in units], "statuses": "".join(STATUS_LETTERS[u.status] for u in units),
            "errors": [u.id for u in units if u.error],
            "others": [{"id": u.id, "kind": u.kind, "element": u.element, "attribute": u.attribute, "label": u.label}
                       for u in units if u.kind != "text"]}


def with_review_tags(page: str, site: ReviewSite, locale: str, rel: str, cookie: str, nonce: str) -> str:
    """The page with the review script right after its doctype, so it runs before the parser reaches the page's text
    (at the end, it waited for the whole parse: 8 s of an 8 MB page), and the review stylesheet appended (last in the
    cascade, as the markers' styles must be); the parser puts the script in the head, whatever the page's `<head>`.
    The languages of the translation and of the source are for the panel's boxes (glyphs, input methods, spelling)."""
    cfg = site.cfg
    langs = (f'data-lang="{escape_attr(cfg.lang_tag(locale))}" data-dir="{escape_attr(text_direction(locale))}" '
             f'data-source-lang="{escape_attr(cfg.lang_tag(cfg.source_locale))}"')
    script = (f'<script src="/_review/review.js" nonce="{escape_attr(nonce)}" data-locale="{escape_attr(locale)}" '
              f'{langs} data-page="{escape_attr(rel)}" data-cookie="{escape_attr(cookie)}"></script>')
    at = prologue_end(page)  # (the tokeniser's comments: `<!-->` is one, a regex ran on to the next `-->`)
    return page[:at] + script + page[at:] + '\n<link rel="stylesheet" href="/_review/review.css">\n'


def index_link(locale: str | None, todo: bool) -> str:
    """The index's address for a filter (escaped for an attribute)."""
    query = urlencode({k: v for k, v in (("locale", locale), ("todo", "1" if todo else None)) if v is not None})
    return escape_attr("/?" + query if query else "/")


def index_filters(site: ReviewSite, locale: str | None, todo: bool) -> str:
    """Links that narrow the index to one locale and to the pages with work left, each keeping the other choice."""
    def link(text: str, href: str, on: bool) -> str:
        return f'<a href="{href}"' + (' aria-current="page"' if on else "") + f">{escape_text(text)}</a>"

    locales = [link("all", index_link(None, todo), locale is None)]
    locales += [link(loc, index_link(loc, todo), loc == locale) for loc in site.locales]
    shown = [link("every page", index_link(locale, False), not todo),
             link("left to review", index_link(locale, True), todo)]
    return (f'<nav class="filters" aria-label="filter">locale: {" · ".join(locales)}'
            f'<br>pages: {" · ".join(shown)}</nav>')


def index_html(site: ReviewSite, locale: str | None = None, todo: bool = False) -> str:
    """Every page x locale (or one locale's; with `todo`, only pages with something left to review or a check error)."""
    rows = []
    progress, unreadable = site.index()
    problems = "".join(f"<li>{escape_text(loc)}: {escape_text(why)}</li>" for loc, why in unreadable.items()
                       if locale in (None, loc))
    for p in progress:
        if (locale is not None and p.locale != locale) or (todo and p.reviewed == p.total and not p.errors):
            continue
        # a file name may hold `#`, `?` or `%`: quoted, the link names the file (escaped, it is safe in the attribute)
        href = escape_attr(f"/page/{quote(p.locale, safe='')}/{quote(p.page)}")
        rows.append(
            f'<tr><td><a href="{href}">{escape_text(p.page)}</a></td><td>{escape_text(p.locale)}</td>'
            f'<td class="bar"><meter min="0" max="100" value="{p.percent:.0f}"></meter> {p.percent:.0f}%</td>'
            f'<td class="s-reviewed">{p.reviewed}</td><td class="s-mt">{p.mt}</td><td class="s-fuzzy">{p.fuzzy}</td>'
            f'<td class="s-untranslated">{p.untranslated}</td><td class="s-error">{p.errors}</td></tr>')
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>l10n review</title>'
            '<link rel="stylesheet" href="/_review/review.css"></head><body class="l10n-index">'
            "<h1>Review translations</h1>" + index_filters(site, locale, todo)
            + (f'<ul class="problems">{problems}</ul>' if problems else "") +
            '<div class="scroll"><table><thead><tr><th>page</th><th>locale</th><th>complete</th>'
            "<th>reviewed</th><th>machine</th><th>fuzzy</th><th>untranslated</th><th>check errors</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table></div>"
            + ("" if rows else "<p>No page here has anything left to review.</p>") + "</body></html>")
