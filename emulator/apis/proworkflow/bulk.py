"""Faker-made bulk records for `--fake N --seed S`: per fixture account, N more client companies,
contacts, projects, tasks, time records, quotes, invoices (with lines), expenses, messages, notes and
events, every reference valid (a contact's company, a task's project, a time record's task and its
contact, an invoice's company, contact and project), identical for the same seed."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from .grammar import stamp
from .invoices import totals

EPOCH = datetime(2025, 1, 1)
ADDRESS = ("address1", "address2", "address3", "city", "state", "zipcode", "country")


def _add(tables: dict[str, list[dict]], name: str, count: int, make: Callable[[int], dict]) -> list[dict]:
    rows = tables.setdefault(name, [])
    next_id = max((r["id"] for r in rows), default=0) + 1
    made = [{"id": next_id + i, **make(next_id + i)} for i in range(count)]
    rows.extend(made)
    return made


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    settings = (tables.get("_settings") or [{}])[0]
    advanced = settings.get("plan") == "Advanced"
    division = 1 if advanced else None
    staff = [c["id"] for c in tables.get("contacts", []) if c.get("type") == "staff" and not c.get("pending")] or [1]

    def moment() -> datetime:
        return EPOCH + timedelta(minutes=fake.random_int(0, 60 * 24 * 180))

    def day() -> date:
        return (EPOCH + timedelta(days=fake.random_int(0, 180))).date()

    companies = _add(tables, "companies", count, lambda i: {
        "name": fake.company(), "code": fake.lexify("???").upper(), "type": "client", "email": fake.company_email(),
        "phone": fake.phone_number(), "fax": "", "website": fake.domain_name(),
        **{k: "" for k in ADDRESS}, "city": fake.city(), "country": fake.country(),
        "facebook": "", "linkedin": "", "twitter": "", "image": "", "tagids": [], "apifields": {}, "pending": False,
        "divisionid": division, "lastmodified": stamp(moment())})
    company_ids = [c["id"] for c in companies]
    contacts = _add(tables, "contacts", count, lambda i: {
        "companyid": fake.random_element(company_ids), "type": "client", "firstname": fake.first_name(),
        "lastname": fake.last_name(), "title": fake.job()[:40], "email": f"bulk{i}.{fake.user_name()}@example.test",
        "workphone": fake.phone_number(), "mobilephone": "", "fax": "", **{k: "" for k in ADDRESS},
        "facebook": "", "linkedin": "", "twitter": "", "image": "", "allowlogin": False, "username": "",
        "password": "", "tagids": [], "roleids": [], "groupids": [], "clientpermissions": {}, "apifields": {},
        "pending": False, "divisionid": division, "latitude": None, "longitude": None, "locationtime": "",
        "lastmodified": stamp(moment())})
    clients_of: dict[int, list[int]] = {}
    for c in contacts:
        clients_of.setdefault(c["companyid"], []).append(c["id"])

    def project(i: int) -> dict:
        company = fake.random_element(company_ids)
        start = day()
        complete = fake.random_int(0, 4) == 0
        return {"number": f"B-{i:05d}", "title": fake.catch_phrase()[:60], "description": fake.sentence(),
                "companyid": company, "managerid": fake.random_element(staff),
                "staff": sorted(set(fake.random_elements(staff, length=min(2, len(staff))))),
                "clients": clients_of.get(company, [])[:1], "contractors": [], "categoryid": None,
                "priority": fake.random_int(1, 5), "startdate": stamp(start),
                "duedate": stamp(start + timedelta(days=fake.random_int(7, 90))),
                "completedate": stamp(start + timedelta(days=30)) if complete else "",
                "status": "complete" if complete else "active", "timeallocated": 60 * fake.random_int(1, 40),
                "quotetotal": float(fake.random_int(0, 50) * 100), "invoicetotal": 0.0, "privatenotes": "",
                "clientaccess": True, "emailalerts": True, "accountedfor": False, "invoiced": False, "paid": False,
                "apifields": {}, "divisionid": division, "lastmodified": stamp(moment())}
    projects = _add(tables, "projects", count, project)
    by_id = {p["id"]: p for p in projects}
    project_ids = list(by_id)

    def task(i: int) -> dict:
        p = by_id[fake.random_element(project_ids)]
        return {"projectid": p["id"], "name": fake.bs().capitalize()[:60], "description": "", "order": i,
                "type": fake.random_element(("normal", "normal", "bold", "heading")),
                "status": fake.random_element(("active", "active", "complete")), "priority": fake.random_int(1, 5),
                "startdate": p["startdate"], "duedate": p["duedate"], "completedate": "",
                "timeallocated": 30 * fake.random_int(1, 20), "billable": fake.boolean(75), "categoryid": None,
                "contacts": p["staff"][:1], "creatorid": p["managerid"], "dependson": None, "apifields": {},
                "divisionid": division, "lastmodified": stamp(moment())}
    tasks = _add(tables, "tasks", count, task)

    def timerecord(i: int) -> dict:
        t = fake.random_element(tasks)
        when = moment()
        return {"contactid": (t["contacts"] or staff)[0], "taskid": t["id"], "projectid": t["projectid"],
                "date": stamp(when), "timetracked": 15 * fake.random_int(1, 16), "billable": t["billable"],
                "notes": fake.sentence(nb_words=4), "apifields": {}, "divisionid": division, "lastmodified": stamp(when)}
    _add(tables, "timerecords", count, timerecord)

    def quote(i: int) -> dict:
        p = by_id[fake.random_element(project_ids)]
        sub = float(fake.random_int(1, 100) * 50)
        tax = round(sub * float(settings.get("taxrate", 10)) / 100, 2)
        quoted = day()
        return {"number": f"BQ-{i:05d}", "title": fake.catch_phrase()[:60], "description": "",
                "companyid": p["companyid"], "projectid": p["id"],
                "status": fake.random_element(("pending", "approved", "declined")),
                "type": fake.random_element(("quote", "estimate")), "quoteddate": stamp(quoted),
                "validtodate": stamp(quoted + timedelta(days=30)), "approveddate": "", "emaileddate": "",
                "emailedto": "", "quotedbyid": p["managerid"], "taxable": True, "subtotal": sub, "taxtotal": tax,
                "grandtotal": round(sub + tax, 2), "apifields": {}, "divisionid": division,
                "lastmodified": stamp(moment())}
    _add(tables, "quotes", count, quote)

    lines = tables.setdefault("invoicelines", [])
    line_id = [max((x["id"] for x in lines), default=0)]

    def invoice(i: int) -> dict:
        p = by_id[fake.random_element(project_ids)]
        invoiced = day()
        paid = fake.boolean(40)
        rec: dict[str, Any] = {
            "number": f"BI-{i:05d}", "title": fake.catch_phrase()[:60], "description": "", "companyid": p["companyid"],
            "contactid": (clients_of.get(p["companyid"]) or [None])[0], "projectid": p["id"],
            "status": "paid" if paid else "unpaid", "invoiceddate": stamp(invoiced),
            "duedate": stamp(invoiced + timedelta(days=20)), "paiddate": stamp(invoiced + timedelta(days=10)) if paid
            else "", "emaileddate": "", "emailedto": "", "invoicedbyid": p["managerid"], "purchaseordernumber": "",
            "taxable": True, "taxrate": float(settings.get("taxrate", 10)), "showcostbreakdown": True,
            "discountvalue": 0.0, "discountpercent": False, "discountdescription": "Discount", "terms": "",
            "addresscompanyname": "", "addresscontactname": "", **{k: "" for k in ADDRESS}, "customfieldname": "",
            "customfieldvalue": "", "xeroid": "", "apifields": {}, "divisionid": division,
            "lastmodified": stamp(moment())}
        mine = []
        for order in range(1, fake.random_int(1, 3) + 1):
            line_id[0] += 1
            mine.append({"id": line_id[0], "invoiceid": i, "type": "lineitem", "name": fake.bs().capitalize()[:50],
                         "description": "", "quantity": float(fake.random_int(1, 5)),
                         "rate": float(fake.random_int(5, 200) * 5), "time": 0, "taxable": True,
                         "displayorder": order})
        lines.extend(mine)
        rec["lineids"] = [x["id"] for x in mine]
        rec.update(totals(rec, mine))
        return rec
    _add(tables, "invoices", count, invoice)

    _add(tables, "expenses", count, lambda i: {
        "projectid": fake.random_element(project_ids), "name": fake.word().capitalize(), "description": "",
        "cost": float(fake.random_int(5, 500)), "date": stamp(day()), "invoiced": False, "taxable": True,
        "contactid": fake.random_element(staff), "divisionid": division, "lastmodified": stamp(moment())})

    def message(i: int) -> dict:
        p = by_id[fake.random_element(project_ids)]
        when = moment()
        return {"title": fake.sentence(nb_words=4).rstrip("."), "content": fake.paragraph(nb_sentences=2),
                "originalmessageid": None, "projectid": p["id"], "taskid": None, "authorid": p["managerid"],
                "contacts": sorted(set(p["staff"] + p["clients"])), "public": True, "notifications": True,
                "files": [], "date": stamp(when), "divisionid": division, "lastmodified": stamp(when)}
    _add(tables, "messages", count, message)

    note_categories = [c["id"] for c in tables.get("categories", []) if c.get("type") == "note"] or [None]
    _add(tables, "notes", count, lambda i: {
        "title": fake.sentence(nb_words=3).rstrip("."), "content": fake.paragraph(nb_sentences=2),
        "categoryid": fake.random_element(note_categories), "contacts": "all", "parenttype": "", "parentid": None,
        "authorid": fake.random_element(staff), "date": stamp(moment()), "divisionid": division,
        "lastmodified": stamp(moment())})

    def event(i: int) -> dict:
        start = moment()
        return {"title": fake.sentence(nb_words=3).rstrip("."), "description": fake.sentence(),
                "starttime": stamp(start), "endtime": stamp(start + timedelta(minutes=30 * fake.random_int(1, 6))),
                "contacts": sorted(set(fake.random_elements(staff, length=min(2, len(staff))))),
                "authorid": fake.random_element(staff), "divisionid": division, "lastmodified": stamp(start)}
    _add(tables, "events", count, event)
