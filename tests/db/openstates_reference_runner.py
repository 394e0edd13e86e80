"""Run openstates-core itself on a folder of exported bill files (executed by the reference venv's python).

This file is not imported by statecare's tests: tests/db/test_openstates_reference.py runs it with the
python of a separate virtualenv that has the PyPI package `openstates` (openstates-core) installed,
so what judges the export is Open States' own code, not a re-implementation of it.

    python openstates_reference_runner.py validate DIR
        every bill_*.json in DIR through the pupa scrape model (`openstates.scrape.Bill`): each key set
        as an attribute (the model refuses keys outside its schema), then `Bill.validate()` (its JSON
        schema, with its own type and format checkers). Prints {"files", "valid", "errors": {file: msg}}.

    python openstates_reference_runner.py import DIR STATE SESSION [SESSION...]
        with DATABASE_URL naming an empty PostgreSQL database: migrate openstates-core's Django models,
        create the state's jurisdiction, sessions and chambers from openstates-core's own metadata (what
        `os-update` has in place before it imports), then (1) import each file alone inside a rolled-back
        transaction to count the files the importer accepts, and (2) `BillImporter.import_directory(DIR)`
        for real. Prints the per-file result, the importer's record counts and row counts of its tables.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import traceback


def _files(folder: str) -> list[str]:
    return sorted(glob.glob(os.path.join(folder, "bill_*.json")))


def validate(folder: str) -> dict:
    from openstates.scrape import Bill

    errors: dict[str, str] = {}
    files = _files(folder)
    for path in files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            if not isinstance(data.get("_id"), str) or not data["_id"]:
                raise ValueError("no _id")
            bill = Bill(data["identifier"], data["legislative_session"], data["title"])
            for key, value in data.items():
                setattr(bill, key, value)  # a key outside the bill schema raises ScrapeValueError here
            bill.validate()
        except Exception as exc:  # noqa: BLE001 - every failure is a finding, reported by file
            errors[os.path.basename(path)] = f"{type(exc).__name__}: {exc}"[:2000]
    return {"files": len(files), "valid": len(files) - len(errors), "errors": errors}


def _setup_django() -> None:
    import dj_database_url
    import django
    from django.conf import settings

    settings.configure(
        SECRET_KEY="reference-check",
        INSTALLED_APPS=("django.contrib.contenttypes", "openstates.data"),
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"])},
        TIME_ZONE="UTC",
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_jurisdiction(state: str, sessions: list[str]) -> str:
    from openstates.data.models import Division, Jurisdiction, Organization
    from openstates.metadata import lookup

    meta = lookup(abbr=state)
    Division.objects.create(id=meta.division_id, name=meta.name)
    jur = Jurisdiction.objects.create(id=meta.jurisdiction_id, name=meta.name, url=meta.url,
                                      classification="state", division_id=meta.division_id)
    for s in sessions:
        jur.legislative_sessions.create(identifier=s, name=s, start_date="", end_date="")
    legislature = Organization.objects.create(name=meta.legislature_name, classification="legislature",
                                              jurisdiction=jur)
    Organization.objects.create(name=f"Office of the Governor of {meta.name}", classification="executive",
                                jurisdiction=jur)
    for chamber in meta.chambers:
        if chamber.chamber_type in ("upper", "lower"):
            Organization.objects.create(name=chamber.name, classification=chamber.chamber_type,
                                        parent=legislature, jurisdiction=jur)
    return meta.jurisdiction_id


def import_folder(folder: str, state: str, sessions: list[str]) -> dict:
    _setup_django()
    from django.db import transaction
    from openstates.data import models
    from openstates.importers import BillImporter

    jid = _create_jurisdiction(state, sessions)
    per_file: dict[str, str] = {}

    class _Rollback(Exception):
        pass

    for path in _files(folder):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        try:
            with transaction.atomic():
                rec = BillImporter(jid).import_data([data])["bill"]
                per_file[os.path.basename(path)] = "insert" if rec["insert"] == 1 else "skipped (unresolved id)"
                raise _Rollback
        except _Rollback:
            pass
        except Exception as exc:  # noqa: BLE001 - every failure is a finding, reported by file
            per_file[os.path.basename(path)] = f"{type(exc).__name__}: {exc}"[:2000]
    accepted = sum(1 for v in per_file.values() if v == "insert")
    try:
        record = BillImporter(jid).import_directory(folder)["bill"]
        whole = {k: record[k] for k in ("insert", "update", "noop")}
    except Exception:  # noqa: BLE001
        whole = {"error": traceback.format_exc()[-3000:]}
    rows = {
        "bills": models.Bill.objects.count(),
        "actions": models.BillAction.objects.count(),
        "sponsorships": models.BillSponsorship.objects.count(),
        "versions": models.BillVersion.objects.count(),
        "documents": models.BillDocument.objects.count(),
        "sources": models.BillSource.objects.count(),
        "abstracts": models.BillAbstract.objects.count(),
        "related_bills": models.RelatedBill.objects.count(),
        "sponsors_with_person": models.BillSponsorship.objects.exclude(person=None).count(),
    }
    failures = {k: v for k, v in per_file.items() if v != "insert"}
    return {"files": len(per_file), "accepted": accepted, "failures": failures, "import_directory": whole,
            "rows": rows}


def main(argv: list[str]) -> int:
    import logging

    logging.disable(logging.CRITICAL)  # openstates logs every unresolved person at ERROR level
    if argv[1] == "validate":
        out = validate(argv[2])
    elif argv[1] == "import":
        out = import_folder(argv[2], argv[3], argv[4:])
    else:
        raise SystemExit(f"unknown mode {argv[1]!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
