"""The web app: Starlette routes over one folder of claimreview YAML files.

Security, for an app that runs on a reporter's laptop while they browse the web:

- it binds to 127.0.0.1 (the CLI's default) and answers only requests whose ``Host`` header names
  the address it is bound to (a DNS-rebinding page has another name in its Host);
- every POST carries the process's CSRF token (a form field, or the ``X-CSRF-Token`` header of the
  live checks), which a page of another origin cannot read;
- every response has a Content-Security-Policy with no inline script (``script-src 'self'``: only
  static/app.js runs), and previews of generated pages are sandboxed;
- files are named by a plain file name, resolved, and used only when their real path lies in the
  folder (a symlink out of it is refused);
- Jinja2 escapes every value (autoescape), and app.js writes text only through ``textContent``.

The checks are the CLI's: :func:`claimreview.api.load` on the document the form stands for, then
:func:`claimreview.api.export` of each review's ClaimReview markup with the newest rule set.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimreview.api import export, load
from claimreview.formats import FORMATS
from claimreview.io import atomic_write_bytes
from claimreview.readers.base import Source
from claimreview.serve import form as forms
from claimreview.validation.diagnostics import Diagnostic, has_errors

HERE = Path(str(files("claimreview.serve")))
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml")
SCALE_FILE = "rating-scale.txt"
MAX_UPLOAD = 10_000_000
DEFAULT_SCALE = ""


class Refused(Exception):
    """A request the app does not serve: a name outside the folder, a bad token."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Site:
    folder: Path
    host: str
    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def hosts(self) -> set[str]:
        names = {self.host, "localhost", "127.0.0.1"} if self.host in ("127.0.0.1", "localhost") else {self.host}
        return {f"{n}:{self.port}" for n in names} | ({*names} if self.port == 80 else set())

    def path(self, name: str, *, must_exist: bool = False) -> Path:
        """A file of the folder by its plain name; never a path that resolves outside it."""
        if not FILE_NAME.fullmatch(name):
            raise Refused(f"{name[:60]!r} is not a fact-check file name: letters, digits, . _ - and .yaml")
        root = self.folder.resolve()
        path = (root / name).resolve()
        if path.parent != root:
            raise Refused(f"{name!r} leads outside the served folder", 403)
        if must_exist and not path.is_file():
            raise Refused(f"{name!r} is not in the served folder", 404)
        return path

    def scale(self) -> str:
        path = self.folder / SCALE_FILE
        if path.is_file() and path.resolve().parent == self.folder.resolve():
            return path.read_text(encoding="utf-8")[:10_000]
        return DEFAULT_SCALE

    def listing(self) -> list[dict[str, Any]]:
        out = []
        for path in sorted(self.folder.iterdir()):
            if not FILE_NAME.fullmatch(path.name) or path.resolve().parent != self.folder.resolve():
                continue
            loaded = load(path)
            errors = sum(d.is_error for d in loaded.diagnostics)
            warnings = len(loaded.diagnostics) - errors
            doc = loaded.document
            if doc is not None and errors == 0:
                found = _markup_findings(doc)
                errors += sum(d.is_error for d, _ in found)
                warnings += sum(not d.is_error for d, _ in found)
            out.append({"name": path.name, "errors": errors, "warnings": warnings,
                        "claims": [c.text for c in doc.claims] if doc is not None else [],
                        "status": "invalid" if errors else "valid"})
        return out


class Guard:
    """Host check, CSRF check and security headers around the app."""

    def __init__(self, app: ASGIApp, site: Site) -> None:
        self.app = app
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "") not in self.site.hosts():
            await PlainTextResponse("claimreview serve: this Host is not served (it answers only at the "
                                    "address it is bound to)", 421)(scope, receive, send)
            return
        # a form POST carries its page's origin ("null" from a sandboxed or no-referrer page: refused too;
        # the app's own pages send it, as their Referrer-Policy is same-origin)
        origin = headers.get("origin")
        if scope["method"] == "POST" and origin is not None and origin.split("://", 1)[-1] not in self.site.hosts():
            await PlainTextResponse("claimreview serve: a request from another site was refused", 403)(
                scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                extra = {b"content-security-policy": CSP.encode(), b"x-content-type-options": b"nosniff",
                         b"referrer-policy": b"same-origin", b"x-frame-options": b"DENY",
                         b"cache-control": b"no-store"}
                raw += [(k, v) for k, v in extra.items() if k not in present]
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["urlquote"] = lambda v: quote(str(v), safe="")
    env.globals["agents_field"] = forms.agents_field
    return env


def _markup_findings(doc: Any) -> list[tuple[Diagnostic, int]]:
    """The export checks of each review's ClaimReview markup, with the review's index."""
    out: list[tuple[Diagnostic, int]] = []
    for i, review in enumerate(doc.reviews):
        result = export(doc, "jsonld", profile="claimreview", review=review.id)
        out.extend((d, i) for d in result.diagnostics)
    return out


@dataclass
class Checked:
    state: forms.FormState
    built: forms.Built
    doc: Any
    by_field: dict[str, list[Diagnostic]]
    general: list[Diagnostic]
    snippet: str | None
    cards: list[dict[str, str]]

    @property
    def errors(self) -> int:
        return sum(d.is_error for ds in self.by_field.values() for d in ds) + sum(d.is_error for d in self.general)

    def as_json(self) -> dict[str, Any]:
        def one(d: Diagnostic) -> dict[str, str]:
            return {"code": d.code, "severity": str(d.severity), "message": d.message}

        return {"fields": {k: [one(d) for d in v] for k, v in self.by_field.items()},
                "general": [one(d) for d in self.general], "snippet": self.snippet, "cards": self.cards,
                "errors": self.errors}


def check(state: forms.FormState) -> Checked:
    """The CLI's checks on the form's document: the model on load, then each review's markup."""
    built = forms.to_document(state)
    text = yaml.safe_dump(built.data, allow_unicode=True, sort_keys=False).encode("utf-8")
    loaded = load(Source.from_bytes(text, "form.yaml"), "yaml")
    findings = [d.at(file=None, line=None, column=None) for d in loaded.diagnostics]
    by_field, general = forms.place(findings, built)
    doc = loaded.document
    snippet = None
    cards: list[dict[str, str]] = []
    if doc is not None and not has_errors(findings):
        for d, i in _markup_findings(doc):
            name = forms.ld_field(d.pointer, built.reviews[i])
            by_field.setdefault(name, []).append(d)
        result = export(doc, "html", profile="graph")
        if result.output is not None and isinstance(result.output, bytes):
            snippet = result.output.decode("utf-8")
        cards = _cards(doc)
    return Checked(state, built, doc, by_field, general, snippet, cards)


def _cards(doc: Any) -> list[dict[str, str]]:
    """What Fact Check Explorer lists for each review: claim, claimant, rating, publisher, date."""
    names = {e.id: e.name for e in (*doc.people, *doc.organizations)}
    claims = {c.id: c for c in doc.claims}
    out = []
    for r in doc.reviews:
        claim = claims[r.claim]
        out.append({"claim": claim.text, "claimant": names.get(claim.claimant or "", ""),
                    "claim_date": claim.date or "", "rating": r.rating.label,
                    "publisher": names.get(r.reviewer, ""), "date": r.date or "", "url": r.url or "",
                    "headline": r.headline or ""})
    return out


def create_app(folder: Path, host: str = "127.0.0.1", port: int = 8000) -> ASGIApp:
    site = Site(Path(folder), host, port)
    env = _environment()

    def page(template_name: str, status: int = 200, **context: Any) -> HTMLResponse:
        template = env.get_template(template_name)
        return HTMLResponse(template.render(token=site.token, folder=site.folder.name or str(site.folder),
                                            **context), status)

    async def posted(request: Request) -> FormData:
        form = await request.form(max_files=1, max_fields=2000, max_part_size=MAX_UPLOAD)
        sent = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not hmac.compare_digest(sent.encode(), site.token.encode()):
            raise Refused("the form's security token is missing or stale: reload the page and try again", 403)
        return form

    def fields(form: FormData) -> dict[str, str]:
        return {k: v for k, v in form.items() if isinstance(v, str)}

    async def index(request: Request) -> Response:
        return page("index.html", files=site.listing(), formats=_formats(), message=request.query_params.get("m"))

    async def edit(request: Request) -> Response:
        name = request.query_params.get("file", "")
        if not name:
            state = forms.FormState(scale=site.scale())
            return page("edit.html", checked=None, state=state, exists=False, complete=True)
        path = site.path(name, must_exist=True)
        loaded = load(path)
        if loaded.document is None:
            return page("broken.html", 422, name=name, findings=loaded.diagnostics)
        state = forms.from_document(loaded.document, name)
        state.scale = _merge_scale(site.scale(), state.scale)
        complete = forms.represents(loaded.document, state)
        return page("edit.html", checked=check(state), state=state, exists=True, complete=complete,
                    saved=request.query_params.get("saved"))

    async def edit_post(request: Request) -> Response:
        form = await posted(request)
        action = str(form.get("action") or "check")
        state = forms.from_fields(fields(form))
        if action == "add-claim":
            state.claims.append(forms.ClaimForm(language=state.claims[-1].language if state.claims else "en"))
        checked = check(state)
        exists = bool(state.file) and _exists(site, state.file)
        if action != "save":
            return page("edit.html", checked=checked, state=state, exists=exists, complete=True)
        problem = None
        if not state.file:
            problem = "name the file to save to, e.g. north-korea-troops.yaml"
        elif checked.doc is None:
            problem = "the fact check has errors that stop it being saved: correct the fields marked below"
        if problem is None:
            path = site.path(state.file)
            if path.is_symlink():
                raise Refused("the file is a symbolic link: claimreview serve does not write through links", 403)
            original = form.get("original")
            if path.exists() and original != state.file:
                problem = f"{state.file} exists already: choose another name, or open it from the list"
        if problem is not None:
            return page("edit.html", 422, checked=checked, state=state, exists=exists, complete=True, problem=problem)
        result = export(checked.doc, "yaml")
        assert isinstance(result.output, bytes)
        atomic_write_bytes(path, result.output)
        if state.scale.strip():
            atomic_write_bytes(site.folder / SCALE_FILE, (state.scale.strip() + "\n").encode("utf-8"))
        return RedirectResponse(f"/edit?file={quote(state.file)}&saved=1", 303)

    async def api_check(request: Request) -> Response:
        form = await posted(request)
        return JSONResponse(check(forms.from_fields(fields(form))).as_json())

    async def preview(request: Request) -> Response:
        form = await posted(request)
        kind = request.path_params["kind"]
        checked = check(forms.from_fields(fields(form)))
        if checked.doc is None or checked.errors:
            return page("broken.html", 422, name="this fact check",
                        findings=[*checked.general, *(d for ds in checked.by_field.values() for d in ds)])
        if kind == "page":
            result = export(checked.doc, "html", standalone=True, profile="graph")
            assert isinstance(result.output, bytes)
            return Response(result.output, media_type="text/html; charset=utf-8",
                            headers={"content-security-policy": PREVIEW_CSP})
        result = export(checked.doc, "markdown")
        if result.output is None:
            return page("broken.html", 422, name="this fact check", findings=result.diagnostics)
        assert isinstance(result.output, bytes)
        return PlainTextResponse(result.output.decode("utf-8"))

    async def explain(request: Request) -> Response:
        from claimreview.validation.catalogue import catalogue

        name = request.path_params["code"]
        code = catalogue().get(name)
        if code is None:
            raise Refused(f"no code {name[:60]!r}", 404)
        return page("explain.html", code=name, severity=str(code.severity), meaning=code.text)

    async def export_file(request: Request) -> Response:
        name = request.query_params.get("file", "")
        to = request.query_params.get("to", "")
        if to not in FORMATS or not FORMATS[to].can_write:
            raise Refused(f"unknown output format {to[:20]!r}")
        path = site.path(name, must_exist=True)
        loaded = load(path)
        if loaded.document is None:
            return page("broken.html", 422, name=name, findings=loaded.diagnostics)
        options = {"layout": "tables"} if to == "csv" else {}
        result = export(loaded.document, to, **options)
        if result.output is None:
            return page("broken.html", 422, name=name, findings=result.diagnostics)
        from claimreview.io import zip_bytes

        stem = path.stem
        if isinstance(result.output, bytes):
            body, filename = result.output, f"{stem}{FORMATS[to].suffixes[0]}"
        else:
            body, filename = zip_bytes(result.output), f"{stem}-{to}.zip"
        return Response(body, media_type="application/octet-stream",
                        headers={"content-disposition": f'attachment; filename="{filename}"'})

    async def import_file(request: Request) -> Response:
        form = await posted(request)
        try:
            return await _import(form)
        finally:
            await form.close()

    async def _import(form: FormData) -> Response:
        upload = form.get("upload")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return page("index.html", 422, files=site.listing(), formats=_formats(),
                        problem="choose a spreadsheet (.csv) or a page (.html) to import")
        data = await upload.read(MAX_UPLOAD + 1)
        filename = Path(upload.filename).name
        loaded = load(Source.from_bytes(data[:MAX_UPLOAD], filename))
        if loaded.document is None or has_errors(loaded.diagnostics):
            return page("broken.html", 422, name=filename, findings=loaded.diagnostics)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(filename).stem).strip("-.") or "imported"
        name, n = f"{stem[:80]}.yaml", 2
        while (site.folder / name).exists():
            name, n = f"{stem[:80]}-{n}.yaml", n + 1
        result = export(loaded.document, "yaml")
        assert isinstance(result.output, bytes)
        atomic_write_bytes(site.path(name), result.output)
        return RedirectResponse(f"/edit?file={quote(name)}&saved=1", 303)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return page("refused.html", exc.status, message=str(exc))

    routes = [
        Route("/", index),
        Route("/edit", edit, methods=["GET"]),
        Route("/edit", edit_post, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/preview/{kind:str}", preview, methods=["POST"]),
        Route("/explain/{code:str}", explain),
        Route("/export", export_file),
        Route("/import", import_file, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={Refused: refused})
    return Guard(app, site)


def _exists(site: Site, name: str) -> bool:
    try:
        return site.path(name).exists()
    except Refused:
        return False


def _merge_scale(folder_scale: str, used: str) -> str:
    """The folder's scale, and any label a file uses that it lacks."""
    known = {label for label, _ in forms.parse_scale(folder_scale)}
    extra = [line for line in used.splitlines() if forms.parse_scale(line) and forms.parse_scale(line)[0][0]
             not in known]
    return "\n".join([folder_scale.strip(), *extra]).strip()


def _formats() -> list[tuple[str, str]]:
    """Writable formats, the paste-ready HTML first."""
    return sorted(((n, f.description) for n, f in FORMATS.items() if f.can_write), key=lambda x: x[0] != "html")
