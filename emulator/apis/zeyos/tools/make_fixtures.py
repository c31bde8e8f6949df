#!/usr/bin/env python3
"""Write fixtures/zeyos/<instance>.json: two ZeyOS instances with coherent records and users.

    python emulator/apis/zeyos/tools/make_fixtures.py [--check]

The records below are the hand-picked ones the docs and tests rely on; this script only completes
each row with the entity table's defaults (so every stored row has every field), checks every
value and foreign key against the table, and writes the core's fixture format:
{"settings", "credentials", "tables"}.  Hidden columns the API never lists (a user's password, an
application's secret, settings and OAuth callback URLs, a binfile's content) sit on their rows too.

OAuth 2.0 clients are applications (client_id = `identifier`, client_secret = `secret`, redirect URIs
= `callbackurls`, as dbref.json and oauth2.json name them).  Each secret is also an `appsecret`
credential, so an instance cloned through the control API gets secrets of its own (the spec's
`adopt` copies them onto the rows).
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
sys.path.insert(0, str(ROOT))

from emulator.apis.zeyos import hooks, writes  # noqa: E402
from emulator.apis.zeyos.rows import dict_rows  # noqa: E402
from emulator.apis.zeyos.schema import entities  # noqa: E402

OUT = ROOT / "fixtures" / "zeyos"
T0 = 1_700_000_000  # 2023-11-14T22:13:20Z
DAY = 86400
# permissions granted to each fixture group: identifier -> writable
SALES = {"accounts": 1, "contacts": 1, "opportunities": 1, "campaigns": 1, "mailinglists": 1, "calendar": 1,
         "tasks": 1, "actionsteps": 1, "notes": 1, "messages": 1, "contracts": 1, "billing": 1, "payments": 1,
         "projects": 1, "links": 1, "collection": 0, "pricelists": 0, "inventory": 0, "tickets": 0}
SUPPORT = {"tickets": 1, "tasks": 1, "actionsteps": 1, "projects": 1, "notes": 1, "calendar": 1,
           "contacts": 0, "accounts": 0, "messages": 0, "inventory": 0}
GUESTS = {"accounts": 0, "contacts": 0}


def token(instance: str, user: str) -> str:
    return hashlib.sha1(f"zeyos-emulator:{instance}:{user}".encode()).hexdigest()


def blob(text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    return {"size": len(data), "hash": "\\x" + hashlib.md5(data).hexdigest(),
            "content": base64.b64encode(data).decode("ascii")}


def demo() -> dict[str, Any]:
    t: dict[str, list[dict[str, Any]]] = {}

    def add(table: str, /, **row: Any) -> int:
        rows = t.setdefault(table, [])
        row.setdefault("ID", len(rows) + 1)
        rows.append(row)
        return row["ID"]

    # people and access
    add("contacts", type=1, firstname="Ada", lastname="Admin", email="admin@demo.example", city="Munich", country="DE")
    add("contacts", type=0, lastname="Lightexx AG", address="Schmittstr. 4", postalcode="80172", city="Munich",
        country="DE", email="info@lightexx.example", phone="+49 89 123456")
    add("contacts", type=0, lastname="BEQ Building Equipment", address="Queensstreet", postalcode="12923",
        city="London", country="GB", lastmodified=T0 + 30 * DAY)
    add("contacts", type=0, lastname="CleanTexx", address="Tower Bridge", postalcode="12923", city="London",
        country="GB")
    add("contacts", type=1, firstname="Steve", lastname="Morris", company="Lightexx AG", city="Munich",
        country="DE", email="steve.morris@lightexx.example")
    add("contacts", type=1, firstname="Sophie", lastname="Charlott", city="Vienna", country="AT",
        email="sophie@charlott.example", ownergroup=3)
    add("users", name="admin", email="admin@demo.example", contact=1, password="admin-secret", lastlogin=T0)
    add("users", name="max.power", email="max.power@demo.example", password="MySecretPwd")
    add("users", name="john.doe", email="john.doe@demo.example", password="john-secret")
    add("users", name="guest", email="guest@demo.example", password="guest-secret")
    add("users", name="nopublic.user", email="nopublic@demo.example", password="nopublic-secret", nopublic=1)
    for name, leader in (("Administrators", 1), ("Sales", 2), ("Support", 3), ("Guests", None)):
        add("groups", name=name, leader=leader)
    for group, user, writable in ((1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 4, 0), (2, 5, 0), (3, 2, 0)):
        add("groups2users", group=group, user=user, writable=writable)
    add("permissions", group=1, identifier="admin", writable=1)
    for group, grants in ((2, SALES), (3, SUPPORT), (4, GUESTS)):
        for identifier, writable in grants.items():
            add("permissions", group=group, identifier=identifier, writable=writable)
    # the application whose secret logins present (the seed's example appsecret); also an OAuth client
    # whose redirect URIs include the official CLI's callback (`zeyos login`: 127.0.0.1:9005/callback)
    add("applications", name="Emulator Client", identifier="emulator_client", vendor="ZeyOS", version=10000,
        secret="ff55c5095a126d66faaa37cd71bc771672c56ec5", settings={"theme": "light", "pagesize": 25},
        callbackurls=["http://127.0.0.1:9005/callback", "http://localhost:9005/callback",
                      "https://client.example.com/oauth/callback"])
    # a second OAuth client: one client's codes and tokens are not another's
    add("applications", name="Demo Web App", identifier="demo_webapp", vendor="Demo GmbH", version=10000,
        secret=token("demo", "app:demo_webapp"), settings={},
        callbackurls=["https://webapp.example.com/oauth2/callback?source=zeyos"])
    add("resources", application=1, identifier="logo_svg", name="Logo", mimetype="image/svg+xml", public=1)
    add("services", application=1, identifier="nightly_sync", name="Nightly sync", type=0, schedule=120)
    add("weblets", application=1, identifier="dashboard", name="Dashboard", type=0,
        langaliases={"en_US": "Dashboard", "de_DE": "Übersicht"})
    # binary files
    add("binfiles", **blob("Hello World!"))
    add("binfiles", **blob("Return-Path: <max.power@demo.example>\r\nSubject: Test\r\n\r\nHello Steve,\r\n"))
    add("binfiles", **blob("Meeting notes: ship the emulator.\n"))
    # CRM
    add("accounts", type=1, lastname="Lightexx AG", contact=2, currency="EUR", customernum="C-10001",
        assigneduser=2, extdata={"nickname": "Lightexx", "segment": "enterprise"}, tags=["Key Account"])
    add("accounts", type=1, lastname="BEQ Building Equipment", contact=3, currency="GBP", customernum="C-10002",
        assigneduser=2, lastmodified=T0 + 40 * DAY)
    add("accounts", type=3, lastname="CleanTexx", contact=4, currency="GBP", customernum="C-10003",
        suppliernum="S-20001")
    add("accounts", type=2, lastname="Charlott Supplies", contact=6, currency="EUR", suppliernum="S-20002",
        ownergroup=3, visibility=1)
    add("addresses", account=1, contact=2, type=0, default=1)
    add("addresses", account=2, contact=3, type=1, default=1)
    add("contacts2contacts", contact1=5, contact2=2)
    add("campaigns", name="Spring Launch", datefrom=T0, dateto=T0 + 60 * DAY, status=5, assigneduser=2)
    add("mailinglists", name="Newsletter", sender="Demo <news@demo.example>", campaign=1, assigneduser=2)
    add("participants", mailinglist=1, contact=5, name="Steve Morris", email="steve.morris@lightexx.example")
    add("opportunities", name="Lightexx rollout", opportunitynum="O-1001", account=1, contact=5, campaign=1,
        status=3, probability=60, mostlikely=25000, assigneduser=2)
    # projects and work
    add("projects", name="Website Relaunch", projectnum="P-1001", account=1, status=5, assigneduser=2)
    add("tickets", name="Printer jammed", ticketnum="T-1001", account=1, status=4, priority=3, assigneduser=3,
        date=T0 + DAY, tags=["Hardware"])
    add("tickets", name="Relaunch: new logo", ticketnum="T-1002", project=1, status=0, priority=2,
        assigneduser=3, date=T0 + 2 * DAY)
    add("tickets", name="Old archived request", ticketnum="T-1003", status=9, priority=1, visibility=1,
        date=T0 - 30 * DAY)
    add("tickets", name="Sales-only lead follow-up", ticketnum="T-1004", status=0, ownergroup=2, date=T0)
    add("tasks", name="Design logo", tasknum="K-1001", ticket=2, status=4, priority=3, assigneduser=3,
        duedate=T0 + 10 * DAY)
    add("tasks", name="Write copy", tasknum="K-1002", project=1, status=0, assigneduser=2)
    add("actionsteps", name="Called customer", actionnum="A-1001", ticket=1, status=1, effort=30,
        assigneduser=3, date=T0 + DAY)
    add("actionsteps", name="Drafted logo", actionnum="A-1002", task=1, status=0, effort=90, assigneduser=3)
    add("notes", name="Kick-off notes", binfile=3, text="Meeting notes: ship the emulator.",
        contenttype="text/plain", size=34, assigneduser=2)
    add("davservers", name="Team calendar", url="https://dav.demo.example/cal/", type=2)
    add("appointments", name="Kick-off meeting", location="Office", datefrom=T0 + 3 * DAY,
        dateto=T0 + 3 * DAY + 3600, assigneduser=2, davserver=1)
    add("invitations", appointment=1, contact=5, name="Steve Morris", email="steve.morris@lightexx.example",
        flag=1)
    add("events", name="Go-live", entity="projects", index=1, datefrom=T0 + 50 * DAY, dateto=T0 + 50 * DAY)
    # messages and the activity stream
    add("mailservers", name="Demo mail", sender="Demo <mail@demo.example>", serverin="imap.demo.example",
        serverout="smtp.demo.example", usernamein="mail", usernameout="mail")
    add("messages", subject="Test", sender="Max Power <max.power@demo.example>", sender_name="Max Power",
        sender_email="max.power@demo.example", to="Steve Morris <steve.morris@lightexx.example>",
        to_name="Steve Morris", to_email="steve.morris@lightexx.example", to_count=1, mailbox=2,
        binfile=2, size=len("Return-Path: <max.power@demo.example>\r\nSubject: Test\r\n\r\nHello Steve,\r\n"),
        text="Hello Steve,", ticket=1, mailserver=1, date=T0 + DAY)
    add("messagereads", message=1, creator=2)
    add("channels", name="General")
    add("entities2channels", channel=1, entity="tickets", index=1)
    add("records", text="Printer fixed, waiting for confirmation.", entity="tickets", index=1, creator=3,
        sender="John Doe", date=T0 + DAY)
    add("records", text="Welcome to the demo instance!", creator=1, sender="Admin", date=T0)
    add("comments", record=1, text="Thanks!", sender="Max Power", creator=2)
    add("files", record=1, binfile=1, filename="hello.txt", mimetype="text/plain", size=12)
    add("likes", record=2, creator=2)
    add("follows", entity="tickets", index=1, creator=3)
    add("feedservers", name="Company blog", url="https://blog.demo.example/feed", channel=1)
    add("categories", entity="tickets", name="Hardware")
    add("associations", entity1="notes", index1=1, entity2="projects", index2=1)
    add("objects", entity="assets", name="Laptop 42", data={"serial": "L42", "owner": "max.power"})
    add("links", name="ZeyOS", url="https://www.zeyos.com", description="Vendor website")
    add("links", name="Sales CRM login", url="https://crm.demo.example/login", username="sales",
        password="s3cret", ownergroup=2)
    # inventory, prices and billing
    add("items", name="Laser Printer X1", itemnum="I-1001", barcode="4006381333931", manufacturer="Printco",
        sellingprice=499, purchaseprice=320, taxrate=19, unit="PCE", type=1)
    add("items", name="Toner Cartridge", itemnum="I-1002", sellingprice=59, purchaseprice=21, taxrate=19,
        unit="PCE")
    add("components", item=1, component=2, amount=1)
    add("storages", name="Main warehouse")
    add("stocktransactions", item=2, storage=1, amount=100, purchaseprice=21, reference="PO-1001",
        date=T0 - 5 * DAY)
    add("suppliers", item=2, account=3, itemnum="CT-TONER", price=19.5, minamount=10, deliverytime=5)
    add("pricelists", name="Partner prices", currency="EUR", type=0, discount=5)
    add("prices", item=1, pricelist=1, price=449)
    add("pricelists2accounts", pricelist=1, account=1)
    add("coupons", name="Welcome 10", type=0, code="WELCOME10", value=10, taxrate=19)
    add("couponcodes", coupon=1, code="WELCOME10-0001", value=10)
    add("contracts", name="Printer service", contractnum="V-1001", account=1, currency="EUR", status=4,
        datefrom=T0, billingcycle=12)
    add("devices", item=1, serialnum="X1-000123", contract=1)
    add("transactions", transactionnum="R-1001", type=3, status=1, account=1, currency="EUR", date=T0 + 5 * DAY,
        netamount=499, tax=94.81, contract=1, billingrecipient="Lightexx AG", billingcountry="DE",
        items=[{"type": 0, "item": 1, "name": "Laser Printer X1", "amount": 1, "sellingprice": 499,
                "taxrate": 19}])
    add("ledgers", name="Bank account")
    add("payments", amount=499, transaction=1, ledger=1, subject="Invoice R-1001", status=1, date=T0 + 9 * DAY)
    add("dunning", dunningnum="M-1001", account=2, type=1, status=0, fee=5, recipient="BEQ Building Equipment",
        city="London", country="GB", duedate=T0 + 20 * DAY)
    add("dunning2transactions", dunning=1, transaction=1)
    return {
        "settings": {"instance": "demo", "config": _config("Demo GmbH", "EUR", "DE", "Europe/Berlin"),
                     **_auth_settings(approver="admin")},
        "credentials": _credentials("demo", t["users"], sessions=(1, 2)) + _app_secrets(t["applications"]),
        "tables": t,
    }


def acme() -> dict[str, Any]:
    """A second, smaller instance: its own users, tokens and records (tenant isolation)."""
    t: dict[str, list[dict[str, Any]]] = {}

    def add(table: str, /, **row: Any) -> int:
        rows = t.setdefault(table, [])
        row.setdefault("ID", len(rows) + 1)
        rows.append(row)
        return row["ID"]

    add("users", name="acme.admin", email="admin@acme.example", password="acme-admin-secret")
    add("users", name="sam.sales", email="sam@acme.example", password="sam-secret")
    add("groups", name="Administrators", leader=1)
    add("groups", name="Sales", leader=2)
    add("groups2users", group=1, user=1, writable=1)
    add("groups2users", group=2, user=2, writable=1)
    add("permissions", group=1, identifier="admin", writable=1)
    for identifier in ("accounts", "contacts", "tickets", "opportunities"):
        add("permissions", group=2, identifier=identifier, writable=1)
    add("applications", name="Acme Integration", identifier="acme_integration", vendor="Acme", version=10100,
        secret="0123456789abcdef0123456789abcdef01234567", settings={"sync": True},
        callbackurls=["http://127.0.0.1:9005/callback", "https://acme.example.com/oauth/callback"])
    add("contacts", type=0, lastname="Acme Corp", city="Springfield", country="US")
    add("contacts", type=1, firstname="Wile E.", lastname="Coyote", city="Phoenix", country="US")
    add("accounts", type=1, lastname="Acme Corp", contact=1, currency="USD", customernum="C-1",
        extdata={"tier": "gold"})
    add("accounts", type=0, lastname="Road Runner Ltd", contact=2, currency="USD", customernum="C-2")
    add("tickets", name="Anvil delivery delayed", ticketnum="T-1", account=1, status=4, priority=4, date=T0)
    add("opportunities", name="Rocket skates", account=2, status=1, probability=20)
    return {
        "settings": {"instance": "acme", "config": _config("Acme Inc.", "USD", "US", "America/Phoenix"),
                     **_auth_settings(approver="acme.admin")},
        "credentials": _credentials("acme", t["users"], sessions=(1,)) + _app_secrets(t["applications"]),
        "tables": t,
    }


def _config(name: str, currency: str, country: str, timezone: str) -> dict[str, Any]:
    return {"name": name, "currency": currency, "country": country, "timezone": timezone, "language": "en_US",
            "dateformat": "Y-m-d", "timeformat": "H:i", "numberformat": {"decimals": 2, "point": ".", "sep": ","}}


def _auth_settings(approver: str) -> dict[str, Any]:
    """The instance settings the control API can change (PATCH .../settings): whether /api/v1 refuses
    app-less tokens, and the OAuth consent that stands in for a browser (docs/zeyos.md)."""
    return {"require_application_token": True, "oauth_consent": "approve", "oauth_approver": approver,
            "oauth_pkce_methods": ["S256"], "oauth_code_lifetime": 600}


def _app_secrets(applications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kind": "appsecret", "value": a["secret"], "application": a["ID"]} for a in applications
            if a.get("secret")]


def _credentials(instance: str, users: list[dict[str, Any]], sessions: tuple[int, ...]) -> list[dict[str, Any]]:
    creds = []
    for u in users:
        value = token(instance, u["name"])
        if (instance, u["name"]) == ("demo", "max.power"):
            value = "a749717494cf42aa2fcb7533a950e2a7350d1086"  # the seed's own example token
        creds.append({"kind": "token", "value": value, "user_id": u["ID"], "application": 1,
                      "identifier": "fixture", "expdate": None})
        if u["ID"] in sessions:
            creds.append({"kind": "session", "value": hashlib.sha1(f"session:{value}".encode()).hexdigest()[:26],
                          "user_id": u["ID"]})
    return creds


def complete(doc: dict[str, Any]) -> dict[str, Any]:
    """Every row with every field, each value checked as a write would check it, keys valid."""
    tables = doc["tables"]
    ents = entities()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        entity = ents[name]
        done = []
        for row in rows:
            hidden = {k: v for k, v in row.items() if k not in entity.fields and k not in ("extdata", "tags")}
            columns = {k: writes.column_value(entity.fields[k], v) for k, v in row.items()
                       if k in entity.fields and k != "ID"}
            full = {"ID": row["ID"], **writes.new_row(entity, columns, T0, 1)}
            if entity.extdata:
                full["extdata"] = {k: str(v) for k, v in (row.get("extdata") or {}).items()}
            if entity.tags:
                full["tags"] = list(row.get("tags") or [])
            full.update(hidden)
            done.append(full)
        out[name] = done
    rows = dict_rows(out)

    class Ctx:
        pass

    ctx = Ctx()
    ctx.rows = rows  # type: ignore[attr-defined]
    for name, records in out.items():
        entity = ents[name]
        for row in records:
            for column, fk in entity.fkeys.items():
                if row.get(column) is not None and rows(fk.table).get(str(row[column])) is None:
                    raise SystemExit(f"{name} {row['ID']}: {column}={row[column]} points at no {fk.table}")
            hooks.before_write(ctx, name, row, None)
    return {**doc, "tables": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed fixtures are out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, build in (("demo", demo), ("acme", acme)):
        text = json.dumps(complete(build()), indent=1, ensure_ascii=False) + "\n"
        path = OUT / f"{name}.json"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("out of date: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
