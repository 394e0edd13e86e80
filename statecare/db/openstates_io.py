"""Open States JSON in and out.

Import accepts what Open States publishes: pupa bill files (one bill per file, as the scrapers
write them), API v3 `/bills` result items (a list or the `{"results": [...]}` envelope), vote
event files, or folders of any of these. Export writes pupa-shaped bill JSON that carries every
field the source gave, so export -> import -> export is lossless for the fields present.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from statecare.db.models import Bill, VoteEvent
from statecare.db.store import BillStore
from statecare.legis.chambers import organization_classification as chamber_of
from statecare.legis.identifiers import normalize_identifier
from statecare.legis.record import RecordError, from_openstates, state_of, to_openstates

PUPA_BILL_KEYS = (
    "legislative_session", "identifier", "title", "from_organization", "classification", "subject",
    "abstracts", "other_titles", "other_identifiers", "actions", "sponsorships", "related_bills",
    "versions", "documents", "citations", "sources", "extras", "jurisdiction",
)


# bills stored per transaction by `import paths` (a savepoint each): 50 -> 100 -> 500 bills a batch
# gained little beyond 200 on the national recording, and a batch is what a failed commit costs
IMPORT_BATCH = 200
_JSONL = (".jsonl", ".jsonl.gz")


def iter_json_files(paths: list[Path]) -> Iterator[Path]:
    """The .json (and JSON Lines: .jsonl, .jsonl.gz) files named, or found below folders named, in a
    stable order."""
    for p in paths:
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.name.endswith((".json", *_JSONL)))
        elif p.exists():
            yield p
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")


def records_in(obj: Any) -> tuple[str, list[Any]]:
    """Classify a parsed JSON document: ("bills", [...]), ("vote_event", [obj]) or ("other", [])."""
    if isinstance(obj, dict) and isinstance(obj.get("results"), list):
        return "bills", obj["results"]
    if isinstance(obj, list):
        return "bills", obj
    if isinstance(obj, dict) and "bill_identifier" in obj and "counts" in obj:
        return "vote_event", [obj]
    if isinstance(obj, dict) and "identifier" in obj and ("legislative_session" in obj or "session" in obj):
        return "bills", [obj]
    return "other", []


def _loads(data: bytes) -> Any:
    """orjson where it can (a no-change re-import spent a third of its time parsing), the standard
    library for what orjson refuses and json accepts (NaN, integers beyond 64 bits, lone surrogates)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def _documents(path: Path) -> Iterator[tuple[str, bytes | ValueError]]:
    """(where, bytes) for each document of a file: the file itself, or each line of JSON Lines; an
    unreadable file comes back as (where, ValueError). Parsed later, and only if not seen before."""
    if path.name.endswith(_JSONL):
        opener = gzip.open if path.name.endswith(".gz") else open
        try:
            with opener(path, "rb") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        yield f"{path}:{n}", line.strip()
        except (OSError, EOFError) as exc:  # a truncated .gz: what was read is kept
            yield str(path), ValueError(f"unreadable: {exc}")
        return
    yield str(path), path.read_bytes()


def import_paths(engine: Engine, paths: list[Path], *, source: str = "import") -> dict[str, Any]:
    """Import every bill found under `paths`; bad files are reported by name and skipped.

    Documents are read IMPORT_BATCH at a time and hashed; those the store has seen byte for byte
    (`BillStore.seen_sources`: one indexed query) are unchanged and never parsed. The rest are stored
    with `BillStore.upsert_many` (one transaction, a savepoint per bill) straight from the parsed
    JSON: no second serialisation to validate them.
    """
    store = BillStore(engine)
    run_id = store.start_run(source, {"paths": [str(p) for p in paths]})
    counts: dict[str, Any] = {"new": 0, "updated": 0, "unchanged": 0, "events": 0, "vote_events": 0, "skipped": 0,
                              "errors": []}
    batch: list[tuple[str, dict[str, Any], str | None]] = []
    docs: list[tuple[str, bytes | ValueError, str | None]] = []

    def flush() -> None:
        results = store.upsert_many([rec for _, rec, _ in batch], source=source, run_id=run_id,
                                    source_hashes=[h for _, _, h in batch])
        for (where, _, _), res in zip(batch, results, strict=True):
            if isinstance(res, RecordError):
                msg = str(res).replace(f"{source} record", where, 1)
                store.record_error(run_id, where, msg)
                counts["errors"].append(msg)
            elif isinstance(res, Exception):
                raise res
            else:
                counts[res.status] += 1
                counts["events"] += res.events
        batch.clear()

    def document(doc_where: str, data: bytes, digest: str | None) -> None:
        try:
            obj = _loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            store.record_error(run_id, doc_where, f"malformed JSON: {exc}")
            counts["errors"].append(f"{doc_where}: malformed JSON: {exc}")
            return
        kind, items = records_in(obj)
        if kind == "other":
            counts["skipped"] += 1
            return
        if kind == "vote_event":
            if batch:
                flush()  # its bill may be in the batch
            try:
                import_vote_event(engine, items[0], where=doc_where)
                counts["vote_events"] += 1
            except RecordError as exc:
                store.record_error(run_id, doc_where, str(exc))
                counts["errors"].append(str(exc))
            return
        for i, rec in enumerate(items):
            where = doc_where + (f"[{i}]" if len(items) > 1 else "")
            if isinstance(rec, dict):
                rec = from_openstates(rec)  # a statecare export: its additions come back out of extras
            # the document's digest identifies the bill's input only when the document is that bill
            batch.append((where, rec, digest if len(items) == 1 else None))
            if len(batch) >= IMPORT_BATCH:
                flush()

    def drain() -> None:
        seen = store.seen_sources([d for _, _, d in docs if d], run_id=run_id)
        for doc_where, data, digest in docs:
            if isinstance(data, ValueError):
                store.record_error(run_id, doc_where, str(data))
                counts["errors"].append(f"{doc_where}: {data}")
            elif digest in seen:
                counts["unchanged"] += 1
            else:
                document(doc_where, data, digest)
        docs.clear()

    try:
        for path in iter_json_files(paths):
            for doc_where, data in _documents(path):
                digest = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else None
                docs.append((doc_where, data, digest))
                if len(docs) >= IMPORT_BATCH:
                    drain()
        drain()
        if batch:
            flush()
    finally:
        store.finish_run(run_id, "finished")
        store.close()
    return counts


def import_vote_event(engine: Engine, ve: dict[str, Any], *, where: str) -> None:
    """Attach an Open States vote event to its bill (which must be stored already)."""
    state = None
    try:
        state = state_of(ve)
    except RecordError:
        for s in ve.get("sources") or []:
            url = str(s.get("url", ""))
            if "leg.wa.gov" in url:
                state = "wa"
    ident = normalize_identifier(str(ve.get("bill_identifier") or ""))
    session = str(ve.get("legislative_session") or "")
    with Session(engine) as s, s.begin():
        q = select(Bill).where(Bill.legislative_session == session, Bill.identifier == ident)
        if state:
            q = q.where(Bill.state == state)
        bill = s.scalars(q).first()
        if bill is None:
            raise RecordError(f"{where}: vote event for {ident} {session}: bill not stored yet")
        key = str(ve.get("identifier") or "") + "|" + str(ve.get("start_date") or "")
        for old in bill.vote_events:
            if old.identifier + "|" + old.start_date == key:
                s.delete(old)
        known = {"identifier", "motion_text", "motion_classification", "start_date", "result", "organization",
                 "counts", "votes", "sources", "extras"}
        extras = dict(ve.get("extras") or {})
        extras["_record"] = {k: v for k, v in ve.items() if k not in known}
        s.add(VoteEvent(
            bill=bill, identifier=str(ve.get("identifier") or ""), motion_text=str(ve.get("motion_text") or ""),
            motion_classification=list(ve.get("motion_classification") or []),
            start_date=str(ve.get("start_date") or ""), result=str(ve.get("result") or ""),
            organization=chamber_of(ve.get("organization")), counts=list(ve.get("counts") or []),
            votes=list(ve.get("votes") or []), sources=list(ve.get("sources") or []), extras=extras,
        ))


def _with_extras(base: dict[str, Any], extras: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(base)
    for k, v in (extras or {}).items():
        out.setdefault(k, v)
    return out


def export_bill(bill: Bill, *, include_text: bool = False) -> dict[str, Any]:
    """An Open States scrape file for one stored bill, as openstates-core validates and imports it.

    The stored record is rebuilt first (the inverse of the store's normalisation), then conformed by
    `to_openstates`, which keeps what the Open States schema has no place for under extras, so that
    importing the file into statecare again gives back the same record.
    """
    return to_openstates(stored_record(bill, include_text=include_text), state=bill.state)


def stored_record(bill: Bill, *, include_text: bool = False) -> dict[str, Any]:
    """The bill record as it was stored: every field the source gave (the store's normalisation undone)."""
    extras = dict(bill.extras or {})
    unknown = extras.pop("_record", {}) or {}
    actions = []
    for a in bill.actions:
        ex = dict(a.extras or {})
        org_key = "organization" if "organization" in ex and a.organization_ref is None else "organization_id"
        d = {"description": a.description, "date": a.date, org_key: a.organization_ref,
             "classification": list(a.classification or []), "related_entities": list(a.related_entities or [])}
        actions.append(_with_extras(d, ex))
    versions = []
    for v in bill.versions:
        d = {"note": v.note, "date": v.date, "classification": v.classification, "links": list(v.links or [])}
        if include_text and v.text is not None:
            d.update(text=v.text, struck_text=v.struck_text, text_status=v.text_status, text_url=v.text_url)
        versions.append(_with_extras(d, v.extras))
    out: dict[str, Any] = {
        "legislative_session": bill.legislative_session,
        "identifier": bill.source_identifier or bill.identifier,
        "title": bill.title,
        "from_organization": bill.from_organization_ref,
        "classification": list(bill.classification or []),
        "subject": list(bill.subject or []),
        "abstracts": list(bill.abstracts or []),
        "other_titles": list(bill.other_titles or []),
        "other_identifiers": list(bill.other_identifiers or []),
        "actions": actions,
        "sponsorships": [
            _with_extras({"name": s.name, "classification": s.classification, "entity_type": s.entity_type,
                          "primary": s.primary, "person_id": s.person_id, "organization_id": s.organization_id},
                         s.extras)
            for s in bill.sponsorships
        ],
        "related_bills": [
            {"identifier": r.identifier, "legislative_session": r.legislative_session,
             "relation_type": r.relation_type}
            for r in bill.related_bills if not r.derived
        ],
        "versions": versions,
        "documents": [
            _with_extras({"note": d.note, "date": d.date, "classification": d.classification,
                          "links": list(d.links or [])}, d.extras)
            for d in bill.documents
        ],
        "citations": list(bill.citations or []),
        "sources": list(bill.sources or []),
        "extras": extras,
        "jurisdiction": dict(bill.jurisdiction or {}),
    }
    if bill.scraped_at:
        out["scraped_at"] = bill.scraped_at
    for k, v in unknown.items():
        out.setdefault(k, v)
    return out


def export_bills(engine: Engine, *, state: str | None = None, session: str | None = None,
                 include_text: bool = False) -> Iterator[dict[str, Any]]:
    """Export stored bills (optionally one state / session), in key order."""
    with Session(engine) as s:
        q = select(Bill).options(
            selectinload(Bill.actions), selectinload(Bill.sponsorships), selectinload(Bill.versions),
            selectinload(Bill.documents), selectinload(Bill.related_bills),
        ).order_by(Bill.state, Bill.legislative_session, Bill.identifier)
        if state:
            q = q.where(Bill.state == state.lower())
        if session:
            q = q.where(Bill.legislative_session == session)
        for bill in s.scalars(q):
            yield export_bill(bill, include_text=include_text)
