"""FollowTheMoney out: the Document as FtM entities (JSON lines), or as FtM statements with their
provenance, for Aleph, OpenSanctions' tools (nomenklatura, yente, zavod) and ``ftm`` itself.

Built and checked with the ``followthemoney`` library (``pip install 'claimreview[ftm]'``), so the
schema is FtM's own: every entity is made with ``model.make_entity`` and its values go through
the library's cleaning (countries become ISO codes, languages ISO 639-3, dates ISO 8601).

Mapping, model -> FtM schema:

- Person -> ``Person``: name, alternate_names -> alias, job_title -> position, description,
  nationality, url -> website, same_as -> sourceUrl, wikidata -> wikidataId; each affiliation
  -> a ``Membership`` (member, organization, role = the job title).
- Organization -> ``PublicBody`` (government, government agency, intergovernmental organization,
  military), ``Company`` (company) or ``Organization`` (the rest, including unknown kinds):
  name, alias, description, country, parent, url -> website, wikidata -> wikidataId.
- Sanction -> one ``Sanction`` per target (an FtM Sanction is the designation of one entity;
  a sanction without targets is not carried, with a warning): authority (the authority's name),
  program = title, authorityId = the official symbol (e.g. "S/RES/2397 (2017)"; ``unscId`` is
  left empty: it is the Council's reference of a listed entity, not of a resolution), provisions
  = measures, startDate = date adopted, reason, status, sourceUrl.
- Article -> ``Article``: title = headline, publishedAt, author and publisher (names), language,
  keywords, summary = description, sourceUrl.
- Claim -> a ``Documentation`` linking the article that reports it (``document``) to its
  claimant (role "claimant"), and one to each person or organization it is about (role
  "subject"; FtM's Sanction is an interval, not a thing a Documentation can name): summary =
  the claim's text, date, status = its reviews' verdicts. A claim no article reports, or with
  neither claimant nor subject, is not carried (a warning).
- An article's cited outlets -> ``Documentation`` with role "cited".
- A citation of another document (e.g. the resolution by its symbol) -> an ``Article`` entity
  (FtM's Document without a file: title = the identifier, sourceUrl); every entity's ``proof``
  names the articles and documents its sources cite.

Provenance: ``--statements`` writes FtM's statement form (one JSON line per property value,
``followthemoney.statement.Statement.to_dict()``), each statement's ``origin`` telling where
that value comes from, as the entity's sources say: ``article:ID "quote"``, ``document:SYMBOL``,
``inferred: reasoning`` (several joined by " | "), or ``unsourced``.

Entity ids are ``cr-`` and the claimreview id (FtM ids are letters, digits, ``.`` and ``-``;
other characters become ``-``, and a clash gets a short hash); derived entities (memberships,
documentation, sanctions per target) join their parts' ids.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from claimreview.exporters.base import Exporter
from claimreview.formats import Format, Option
from claimreview.schemas import Citation, Document, Entity, Organization, Person
from claimreview.validation.diagnostics import ERROR, WARNING, Code, Diagnostic

DATASET = "claimreview"

NOT_CARRIED = Code("ftm.not-carried", WARNING,
                   "Part of the document has no place in FollowTheMoney's schemata (a sanction without targets, a "
                   "claim no article reports): it is left out of the FtM export.")
INVALID = Code("ftm.invalid", ERROR,
               "An entity the FtM export built fails the followthemoney library's own checks (an unknown schema "
               "or property, a missing required property, a duplicate id or a reference to no entity): a bug in "
               "the exporter, reported instead of written.")
MISSING = Code("ftm.missing-library", ERROR,
               "The FtM export needs the followthemoney library: pip install 'claimreview[ftm]'.")
CODES = (NOT_CARRIED, INVALID, MISSING)

PUBLIC_BODY = {"government", "government-agency", "intergovernmental-organization", "military"}
_UNSAFE = re.compile(r"[^0-9A-Za-z.-]+")


class MissingLibrary(ImportError):
    pass


def _model() -> Any:
    try:
        from followthemoney import model
    except ImportError as exc:
        raise MissingLibrary("the ftm export needs followthemoney: pip install 'claimreview[ftm]'") from exc
    return model


class _Ids:
    """FtM ids for claimreview ids: readable, valid for FtM, unique."""

    def __init__(self) -> None:
        self.given: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, *parts: str) -> str:
        key = "\x00".join(parts)
        if key in self.given:
            return self.given[key]
        base = "cr-" + "-".join(_UNSAFE.sub("-", p).strip("-.") or "x" for p in parts)
        base = base[:150].rstrip("-.")
        out = base
        if out in self.used:
            out = f"{base}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
        self.given[key] = out
        self.used.add(out)
        return out


def _origin(citations: list[Citation | str]) -> str:
    out = []
    for c in citations:
        if isinstance(c, str):
            out.append(c)
        elif c.article is not None:
            out.append(f"article:{c.article}" + (f" {json.dumps(c.quote, ensure_ascii=False)}" if c.quote else ""))
        elif c.document is not None:
            out.append(f"document:{c.document}" + (f" {c.url}" if c.url else ""))
        else:
            out.append(f"inferred: {c.inferred}")
    return " | ".join(out) or "unsourced"


def _backing(entity: Entity, field: str) -> list[Citation]:
    """The citations of ``entity`` that back ``field`` (whole-entity citations included)."""
    return [c for c in entity.sources
            if not c.fields or any(f == field or f.partition("/")[0] == field for f in c.fields)]


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.model = _model()
        self.ids = _Ids()
        self.entities = doc.entities()
        self.proxies: list[Any] = []
        self.origins: dict[tuple[str, str], list[Citation | str]] = {}
        """(FtM entity id, FtM property) -> the citations its values rest on (or a review's id)."""
        self.documents: dict[str, Any] = {}
        self.found: list[Diagnostic] = []

    # -- helpers ----------------------------------------------------------------------------

    def make(self, schema: str, fid: str, source: Entity | None = None) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = fid
        self.proxies.append(proxy)
        if source is not None:
            for c in source.sources:
                proof = self.proof(c)
                if proof is not None and proof != fid:  # an article is not its own proof
                    proxy.add("proof", proof)
                    self.origins.setdefault((fid, "proof"), []).append(c)
        return proxy

    def put(self, proxy: Any, prop: str, value: Any, source: Entity | None = None, field: str | None = None) -> None:
        if value is None or value == []:
            return
        proxy.add(prop, value)
        if source is not None and field is not None:
            self.origins.setdefault((proxy.id, prop), []).extend(_backing(source, field))

    def proof(self, c: Citation) -> str | None:
        if c.article is not None:
            return self.ids(c.article)
        if c.document is None:
            return None
        if c.document not in self.documents:
            # an FtM Document is a file (its fileName is required); a document known by its identifier
            # is an Article, the Document schema for published text without a file
            doc = self.make("Article", self.ids("document", c.document))
            doc.add("title", c.document)
            self.origins[(doc.id, "title")] = [f"document:{c.document}"]
            self.documents[c.document] = doc
        if c.url:
            self.documents[c.document].add("sourceUrl", c.url)
            self.origins[(self.documents[c.document].id, "sourceUrl")] = [f"document:{c.document}"]
        return str(self.documents[c.document].id)

    def name(self, entity_id: str | None) -> str | None:
        e = self.entities.get(entity_id or "")
        return getattr(e, "name", None) if e is not None else None

    # -- entities ---------------------------------------------------------------------------

    def build(self) -> list[Any]:
        for a in self.doc.articles:
            self.article(a)
        for p in self.doc.people:
            self.person(p)
        for o in self.doc.organizations:
            self.organization(o)
        for i, s in enumerate(self.doc.sanctions):
            self.sanction(s, i)
        for i, c in enumerate(self.doc.claims):
            self.claim(c, i)
        for i, m in enumerate(self.doc.media_reviews):  # FtM has no schema for a review of media
            self.found.append(NOT_CARRIED.at(f"media review {m.id!r} is left out of the FtM export: FtM has no "
                                             "schema for a review of an image, video or audio clip",
                                             f"/media_reviews/{i}"))
        return self.proxies

    def person(self, p: Person) -> None:
        x = self.make("Person", self.ids(p.id), p)
        self.put(x, "name", p.name, p, "name")
        self.put(x, "alias", p.alternate_names, p, "alternate_names")
        self.put(x, "position", p.job_title, p, "job_title")
        self.put(x, "description", p.description, p, "description")
        self.put(x, "nationality", p.nationality, p, "nationality")
        self.put(x, "website", p.url, p, "url")
        self.put(x, "sourceUrl", p.same_as, p, "same_as")
        self.put(x, "wikidataId", p.wikidata, p, "wikidata")
        for org in p.affiliations:
            m = self.make("Membership", self.ids(p.id, "member", org), p)
            self.put(m, "member", self.ids(p.id), p, "affiliations")
            self.put(m, "organization", self.ids(org), p, "affiliations")
            self.put(m, "role", p.job_title, p, "job_title")

    def organization(self, o: Organization) -> None:
        kind = o.kind.value if o.kind else None
        schema = "PublicBody" if kind in PUBLIC_BODY else "Company" if kind == "company" else "Organization"
        x = self.make(schema, self.ids(o.id), o)
        self.put(x, "name", o.name, o, "name")
        self.put(x, "alias", o.alternate_names, o, "alternate_names")
        self.put(x, "description", o.description, o, "description")
        self.put(x, "country", o.country, o, "country")
        self.put(x, "parent", self.ids(o.parent) if o.parent else None, o, "parent")
        self.put(x, "website", o.url, o, "url")
        self.put(x, "sourceUrl", o.same_as, o, "same_as")
        self.put(x, "wikidataId", o.wikidata, o, "wikidata")

    def sanction(self, s: Any, index: int) -> None:
        if not s.targets:
            self.found.append(NOT_CARRIED.at(f"sanction {s.id!r} names no target, and an FtM Sanction is the "
                                             "designation of one entity: it is left out", f"/sanctions/{index}"))
            return
        for target in s.targets:
            x = self.make("Sanction", self.ids(s.id, target), s)
            self.put(x, "entity", self.ids(target), s, "targets")
            self.put(x, "authority", self.name(s.authority), s, "authority")
            self.put(x, "program", s.title, s, "title")
            self.put(x, "authorityId", s.identifier, s, "identifier")
            self.put(x, "provisions", s.measures, s, "measures")
            self.put(x, "startDate", s.date_adopted, s, "date_adopted")
            self.put(x, "reason", s.reason, s, "reason")
            self.put(x, "status", s.status, s, "status")
            self.put(x, "sourceUrl", s.url, s, "url")
            self.put(x, "summary", s.kind, s, "kind")

    def article(self, a: Any) -> None:
        x = self.make("Article", self.ids(a.id), a)
        self.put(x, "title", a.headline, a, "headline")
        self.put(x, "sourceUrl", a.url, a, "url")
        self.put(x, "publishedAt", a.date_published, a, "date_published")
        self.put(x, "modifiedAt", a.date_modified, a, "date_modified")
        self.put(x, "publisher", self.name(a.publisher), a, "publisher")
        self.put(x, "author", [n for n in map(self.name, a.authors) if n], a, "authors")
        self.put(x, "language", a.language, a, "language")
        self.put(x, "keywords", a.keywords, a, "keywords")
        self.put(x, "summary", a.description, a, "description")
        self.put(x, "notes", f"The article's own label: {a.label}" if a.label else None, a, "label")
        for outlet in a.cites:
            d = self.make("Documentation", self.ids(a.id, "cites", outlet), a)
            self.put(d, "document", self.ids(a.id), a, "cites")
            self.put(d, "entity", self.ids(outlet), a, "cites")
            self.put(d, "role", "cited", a, "cites")

    def claim(self, c: Any, index: int) -> None:
        articles = [a.id for a in self.doc.articles if c.id in a.claims]
        links = [(c.claimant, "claimant")] if c.claimant else []
        links += [(x, "subject") for x in c.about if isinstance(self.entities.get(x), Person | Organization)]
        if not articles or not links:
            why = "no article reports it" if not articles else "it names neither claimant nor a subject"
            self.found.append(NOT_CARRIED.at(f"claim {c.id!r} is left out of the FtM export: {why}",
                                             f"/claims/{index}"))
            return
        verdicts = [f"{r.rating.label} ({self.name(r.reviewer) or r.reviewer})" + (f": {r.note}" if r.note else "")
                    for r in self.doc.reviews if r.claim == c.id]
        for article in articles:
            for target, role in links:
                fid = self.ids(target)
                d = self.make("Documentation", self.ids(c.id, role, target, article), c)
                self.put(d, "document", self.ids(article), c, "text")
                self.put(d, "entity", fid, c, "claimant" if role == "claimant" else "about")
                self.put(d, "role", role, c, "claimant" if role == "claimant" else "about")
                self.put(d, "summary", c.text, c, "text")
                self.put(d, "date", c.date, c, "date")
                if verdicts:
                    self.put(d, "status", "; ".join(verdicts))
                    self.origins[(d.id, "status")] = [f"review:{r.id}" for r in self.doc.reviews if r.claim == c.id]


def build_entities(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Diagnostic]]:
    """(entities as FtM dicts, statements as FtM dicts, warnings)."""
    from followthemoney.statement import Statement

    builder = _Builder(doc)
    proxies = builder.build()
    entities = [p.to_dict() for p in proxies]
    statements: list[dict[str, Any]] = []
    for p in proxies:
        for prop, value in p.itervalues():
            backing = builder.origins.get((p.id, prop.name), [])
            origin = _origin(list({id(c): c for c in backing}.values()))
            stmt = Statement(entity_id=p.id, prop=prop.name, schema=p.schema.name, value=value, dataset=DATASET,
                             origin=origin)
            statements.append(dict(stmt.to_dict()))
    return entities, statements, builder.found


def check_entities(entities: list[dict[str, Any]]) -> list[Diagnostic]:
    """The followthemoney library's own checks: each dict makes a proxy (``cleaned=False``: every
    value is cleaned again), required properties are present, ids are unique, and every entity
    reference names an entity of the export, of a schema the property accepts."""
    model = _model()
    found: list[Diagnostic] = []
    proxies = {}
    for data in entities:
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except Exception as exc:  # the library's InvalidData and friends: a bug here, not bad input
            found.append(INVALID.at(f"entity {data.get('id')!r}: {exc}"))
            continue
        if proxy.id in proxies:
            found.append(INVALID.at(f"two entities share the id {proxy.id!r}"))
        problem = proxy.schema.validate(data)
        if problem:
            found.append(INVALID.at(f"{proxy.schema.name} {proxy.id!r}: {problem}"))
        proxies[proxy.id] = proxy
        for prop in proxy.schema.required:
            if not proxy.get(prop):
                found.append(INVALID.at(f"{proxy.schema.name} {proxy.id!r} lacks its required {prop}"))
        for name, values in data.get("properties", {}).items():
            if name not in proxy.schema.properties:
                found.append(INVALID.at(f"{proxy.schema.name} has no property {name!r}"))
            elif sorted(proxy.get(name)) != sorted(dict.fromkeys(values)):
                found.append(INVALID.at(f"{proxy.id!r}: {name} {values!r} does not survive FtM's cleaning"))
    for proxy in proxies.values():
        for prop, value in proxy.itervalues():
            if prop.type.name != "entity":
                continue
            target = proxies.get(value)
            if target is None:
                found.append(INVALID.at(f"{proxy.id!r}.{prop.name} names {value!r}, which is not in the export"))
            elif prop.range is not None and not target.schema.is_a(prop.range):
                found.append(INVALID.at(f"{proxy.id!r}.{prop.name} names a {target.schema.name}, not a "
                                        f"{prop.range.name}"))
    return found


def _lines(items: list[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield json.dumps(item, ensure_ascii=False, sort_keys=True)


class FtmExporter(Exporter):

    def build(self, doc: Document, **options: Any) -> dict[str, Any]:
        try:
            entities, statements, found = build_entities(doc)
        except MissingLibrary as exc:
            return {"entities": [], "statements": [], "found": [MISSING.at(str(exc))]}
        return {"entities": entities, "statements": statements, "found": found}

    def check(self, data: Any, **options: Any) -> list[Diagnostic]:
        found: list[Diagnostic] = list(data["found"])
        if any(d.is_error for d in found):
            return found
        return found + check_entities(data["entities"])

    def render(self, data: Any, statements: bool = False, **options: Any) -> bytes:
        items = data["statements"] if statements else data["entities"]
        return "".join(line + "\n" for line in _lines(items)).encode("utf-8")


FORMAT = Format("ftm", "FollowTheMoney entities (JSON lines), or statements with --statements", (".ftm.jsonl",),
                exporter=f"{__name__}:FtmExporter", extra="ftm", codes=CODES,
                options=(Option("statements", "FtM statements, each with the source of its value.", type=bool),))
