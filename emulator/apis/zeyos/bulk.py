"""Faker-made bulk records for `--fake N --seed S`: N more rows of every entity, valid throughout.

Rows are made in foreign-key order (a row only points at rows that exist), fill every field of the
entity table with a value its type, enumeration, range and CHECK patterns allow, keep the
"mutually exclusive" and date-order rules the hooks enforce, and never touch the fixture users'
access: bulk group memberships and permissions only join bulk users to bulk groups.
"""
from __future__ import annotations

import base64
import hashlib
from graphlib import CycleError, TopologicalSorter
from typing import Any

from .hooks import DATE_ORDER, EXCLUSIVE, PRODUCTION_TYPES
from .schema import Entity, Field, canonical_entities, entities

START = 1_577_836_800  # 2020-01-01: bulk dates fall in 2020..2025
SPAN = 6 * 365 * 86400
CURRENCIES = ("EUR", "USD", "GBP", "CHF")
POLYMORPHIC = {"entity": "index", "entity1": "index1", "entity2": "index2"}
UNIQUE_TEXT = {"users": ("name", "email"), "groups": ("name",), "channels": ("name",),
               "applications": ("identifier",), "resources": ("identifier",), "services": ("identifier",),
               "weblets": ("identifier",)}


def order() -> list[str]:
    """Entities so that every required foreign key points at an entity made before.

    Optional keys may form cycles (users.contact -> contacts, contacts.owneruser -> users): those
    pointing forward are filled in a second pass, once every table has its rows."""
    graph = {name: {fk.table for c, fk in e.fkeys.items() if fk.table != name and e.fields[c].required}
             for name, e in entities().items()}
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError:  # pragma: no cover - the schema has none; keep going in name order if it ever does
        return sorted(graph)


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    """Add `count` rows to every entity table of one instance (the core's bulk hook)."""
    fixture_users = {r["ID"] for r in tables.get("users", [])}
    fixture_groups = {r["ID"] for r in tables.get("groups", [])}
    creators = sorted(fixture_users) or [None]
    ids: dict[str, list[int]] = {}
    for name in order():
        entity = entities()[name]
        rows = tables.setdefault(name, [])
        next_id = max((r["ID"] for r in rows), default=0) + 1
        ids[name] = [r["ID"] for r in rows]
        made = []
        for i in range(count):
            row_id = next_id + i
            row = _row(entity, row_id, fake, ids, creators)
            if name == "groups2users":
                row["user"] = _pick(fake, [u for u in ids["users"] if u not in fixture_users]) or row["user"]
                row["group"] = _pick(fake, [g for g in ids["groups"] if g not in fixture_groups]) or row["group"]
            if name == "permissions":
                row["group"] = _pick(fake, [g for g in ids["groups"] if g not in fixture_groups]) or row["group"]
            made.append(row)
        rows.extend(made)
        ids[name].extend(r["ID"] for r in made)
    _forward_keys(tables, fake, ids, count)


def _forward_keys(tables: dict[str, list[dict]], fake: Any, ids: dict[str, list[int]], count: int) -> None:
    """Second pass: optional keys to entities made later, on the new rows only."""
    made_before: set[str] = set()
    for name in order():
        entity = entities()[name]
        exclusive = {c for columns, _ in EXCLUSIVE.get(name, ()) for c in columns}
        forward = [c for c, fk in entity.fkeys.items()
                   if fk.table not in made_before and fk.table not in (name, "binfiles") and c not in exclusive
                   and c != "creator" and not (name == "records" and c == "assigneduser")]
        made_before.add(name)
        if not forward or not count:
            continue
        for row in tables[name][-count:]:
            for c in forward:
                pool = ids.get(entity.fkeys[c].table)
                if row.get(c) is None and pool and fake.random_int(0, 3) > 0:
                    row[c] = fake.random_element(pool)


def _pick(fake: Any, choices: list[int]) -> int | None:
    return fake.random_element(choices) if choices else None


def _row(entity: Entity, row_id: int, fake: Any, ids: dict[str, list[int]], creators: list[Any]) -> dict:
    row: dict[str, Any] = {"ID": row_id}
    for name, f in entity.fields.items():
        if name == "ID":
            continue
        fk = entity.fkeys.get(name)
        if name == "creator":
            row[name] = fake.random_element(creators)
        elif fk is not None:
            pool = [i for i in ids.get(fk.table, []) if not (fk.table == entity.name and i >= row_id)]
            if pool and (f.required or fake.random_int(0, 3) > 0) and fk.table != "binfiles":
                row[name] = fake.random_element(pool)
            else:
                row[name] = None if f.nullable else (pool[0] if pool else None)
        else:
            row[name] = _value(entity, f, row_id, fake)
    for name, index in POLYMORPHIC.items():
        if name in entity.fields and index in entity.fields:
            allowed = entity.fields[name].enum or canonical_entities()
            targets = [e for e in allowed if ids.get(e)] or ["users"]
            target = fake.random_element(targets)
            row[name] = target
            row[index] = fake.random_element(ids.get(target) or [1])
    if entity.name == "binfiles":
        data = fake.paragraph(nb_sentences=2).encode("utf-8")
        row.update(size=len(data), hash="\\x" + hashlib.md5(data).hexdigest(),
                   content=base64.b64encode(data).decode("ascii"))
    for columns, required in EXCLUSIVE.get(entity.name, ()):
        keep = [c for c in columns if row.get(c) is not None]
        chosen = fake.random_element(keep) if keep else None
        for c in columns:
            if c != chosen:
                row[c] = None
        if required and chosen is None:
            for c in columns:
                target = entity.fkeys[c].table
                if ids.get(target):
                    row[c] = fake.random_element(ids[target])
                    break
    for start, end in DATE_ORDER.get(entity.name, ()):
        if row.get(start) is not None and row.get(end) is not None and row[start] > row[end]:
            row[start], row[end] = row[end], row[start]
    if entity.name == "records" and row.get("assigneduser") == row.get("creator"):
        row["assigneduser"] = None
    if entity.name == "components" and row.get("component") == row.get("item"):
        others = [i for i in ids.get("items", []) if i != row["item"]]
        row["component"] = others[0] if others else row["component"]
    if entity.name == "devices":  # exactly one of the two numbers (hooks.py)
        if row.get("serialnum") and row.get("chargenum"):
            row["chargenum"] = ""
        elif not row.get("serialnum") and not row.get("chargenum"):
            row["serialnum"] = f"SE-{row_id:06d}"
    if entity.name == "transactions":  # item and productionfactor only for PRODUCTION (hooks.py)
        if row.get("type") in PRODUCTION_TYPES and ids.get("items"):
            row["item"] = row.get("item") or fake.random_element(ids["items"])
            row["productionfactor"] = row.get("productionfactor") or 1
        else:
            if row.get("type") in PRODUCTION_TYPES:
                row["type"] = 3
            row["item"] = row["productionfactor"] = None
        if row.get("type") in PRODUCTION_TYPES:
            row["account"] = None
    # single-row CHECKs of the seed's field texts (hooks.py)
    if entity.name in ("payments", "stocktransactions") and not row.get("amount"):
        row["amount"] = 1
    if entity.name == "stocktransactions" and row.get("transfer") is not None:
        if row["transfer"] == row_id or row.get("flag") == 1:
            row["transfer"] = None
        else:
            row["amount"] = abs(row["amount"])
    if entity.name == "opportunities" and row.get("status") == 5:
        row["probability"] = 100
    if entity.name == "records" and row.get("entity") is None:
        row["flag"] = 0
    if entity.name == "messages" and row.get("reference") == row_id:
        row["reference"] = None
    if entity.extdata:
        row["extdata"] = {"source": "faker"} if fake.random_int(0, 4) == 0 else {}
    if entity.tags:
        row["tags"] = [fake.word().capitalize()] if fake.random_int(0, 4) == 0 else []
    return row


def _value(entity: Entity, f: Field, row_id: int, fake: Any) -> Any:
    name = f.name
    if f.enum is not None:
        return fake.random_element(f.enum)
    if f.type == "int":
        if name in ("creationdate", "lastmodified") or "date" in name or name in ("lastlogin", "lastbilling"):
            return START + fake.random_int(0, SPAN) if (not f.nullable or fake.random_int(0, 2)) else None
        low = int(f.minimum) if f.minimum is not None else 0
        high = int(f.maximum) if f.maximum is not None else max(low, 1000)
        return fake.random_int(low, high) if not f.nullable or f.default is not None or f.required \
            else (fake.random_int(low, high) if fake.random_int(0, 1) else None)
    if f.type == "number":
        if name == "exchangerate":
            return 1
        low = f.minimum if f.minimum is not None else 0
        high = f.maximum if f.maximum is not None else 1000
        value = round(fake.pyfloat(min_value=low, max_value=high), 2)
        if name == "amount" and entity.name in ("payments", "stocktransactions") and value == 0:
            value = 1.0
        return value
    if f.type == "boolean":
        return fake.boolean()
    if f.type in ("json", "object"):
        return None
    if f.type == "array":
        return [] if name != "serials" else [fake.bothify("SN-#####")]
    return _text(entity, f, row_id, fake)


def _text(entity: Entity, f: Field, row_id: int, fake: Any) -> str:
    name = f.name
    if name in UNIQUE_TEXT.get(entity.name, ()):
        base = {"name": fake.user_name() if entity.name == "users" else fake.word(),
                "email": fake.user_name(), "identifier": fake.word()}[name]
        value = f"{base}.{row_id}" if name != "email" else f"{base}.{row_id}@example.com"
        return value.replace(" ", "_").lower()
    if f.default is not None and f.type == "string" and name in ("mimetype",):
        return f.default
    if name == "currency":
        return fake.random_element(CURRENCIES)
    if name in ("country", "billingcountry", "shippingcountry"):
        return fake.country_code()
    if name == "color":
        return fake.hex_color()[1:].upper()
    if "email" in name:
        return fake.email()
    if name in ("url", "website"):
        return fake.url()
    if name == "firstname":
        return fake.first_name()
    if name == "lastname":
        return fake.last_name() if entity.name == "contacts" else fake.company()
    if name in ("company", "recipient", "billingrecipient", "shippingrecipient", "vendor", "manufacturer"):
        return fake.company()
    if name in ("city", "billingcity", "shippingcity"):
        return fake.city()
    if name in ("address", "billingaddress", "shippingaddress"):
        return fake.street_address()
    if name in ("postalcode", "billingpostalcode", "shippingpostalcode"):
        return fake.postcode()
    if name in ("phone", "phone2", "cell", "fax"):
        return fake.numerify("+49 ### #######")
    if name.endswith("num") or name in ("code", "barcode", "reference"):
        return f"{name[:2].upper()}-{row_id:06d}"
    if name == "identifier":
        return f"{fake.word()}_{row_id}"
    if name in ("name", "subject", "filename", "location", "title", "position", "department", "region"):
        text = fake.catch_phrase() if name == "name" else fake.word().capitalize()
        return f"{text}.txt" if name == "filename" else text
    if name in ("description", "text"):
        return fake.sentence(nb_words=10)
    if name == "unit":
        return fake.random_element(("PCE", "KGM", "HUR", "MTR"))
    if name == "entity":
        return fake.random_element(canonical_entities())
    if f.required or f.min_length:
        return fake.word()
    return "" if f.default == "" else fake.word()
