"""Generate `operations_data.py` (the operation table) from the ProWorkflow seed document.

    python -m emulator.apis.proworkflow.gen_operations [SEED] [--check]

The seed (`../shared/seeds/003_fabeebaa898b59fe.txt`, the text of the official v3 reference) lists
98 operations, each with its parameters in five sections (REQUIRED, FIELD, OPTIONAL, FILTER,
SORT/PAGE), but no paths.  The method and path of each operation come from the research notes
(`../shared/research/proworkflow.md` section 2), in seed order: ROUTES below.  The generator checks
that the seed titles match ROUTES one for one, so a changed seed cannot silently shift paths.

What it extracts per parameter: its section, its default ("default: x"), its description, its
documented values (the "• value - meaning" bullets) and examples, whether the text marks it
"Advanced plan only", and for `fields`/`subtotals`/`types` the token menu with `*` (staff only)
and "(Advanced plan only)" marks.  `--check` exits non-zero when the committed table differs.
"""
from __future__ import annotations

import pprint
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "operations_data.py"
DEFAULT_SEED = HERE.parents[2] / ".." / "shared" / "seeds" / "003_fabeebaa898b59fe.txt"

# Seed order: (seed title, operation name, methods, path, resource, response key, kind).
# Methods and paths: research section 2 (the "documented" NUMA catalogue and public clients).
# kind: list | get | create | update | delete | action | summary | login
ROUTES: list[tuple[str, str, tuple[str, ...], str, str, str, str]] = [
    ("View Companies", "companies_list", ("GET",), "/companies", "companies", "companies", "list"),
    ("Add a Company/Companies", "companies_create", ("POST",), "/companies", "companies", "", "create"),
    ("View a Company", "companies_get", ("GET",), "/companies/{companyid}", "companies", "company", "get"),
    ("Delete a Company", "companies_delete", ("DELETE",), "/companies/{companyid}", "companies", "", "delete"),
    ("Edit a Company", "companies_update", ("PUT",), "/companies/{companyid}", "companies", "", "update"),
    ("View Contacts for a Company", "company_contacts_list", ("GET",), "/companies/{companyid}/contacts",
     "contacts", "contacts", "list"),
    ("Add a Contact/s to a Company", "company_contacts_create", ("POST",), "/companies/{companyid}/contacts",
     "contacts", "", "create"),
    ("View Invoices for a Company", "company_invoices_list", ("GET",), "/companies/{companyid}/invoices",
     "invoices", "invoices", "list"),
    ("View Notes for a Company", "company_notes_list", ("GET",), "/companies/{companyid}/notes",
     "notes", "notes", "list"),
    ("Add a Note to a Company", "company_notes_create", ("POST",), "/companies/{companyid}/notes",
     "notes", "", "create"),
    ("View a Note for a Company", "company_notes_get", ("GET",), "/companies/{companyid}/notes/{noteid}",
     "notes", "note", "get"),
    ("Delete a Note from a Company", "company_notes_delete", ("DELETE",), "/companies/{companyid}/notes/{noteid}",
     "notes", "", "delete"),
    ("View Projects for a Company", "company_projects_list", ("GET",), "/companies/{companyid}/projects",
     "projects", "projects", "list"),
    ("Add a Project", "company_projects_create", ("POST",), "/companies/{companyid}/projects",
     "projects", "", "create"),
    ("View Quotes for a Company", "company_quotes_list", ("GET",), "/companies/{companyid}/quotes",
     "quotes", "quotes", "list"),
    ("Company Summary", "company_summary_get", ("GET",), "/companies/{companyid}/summary",
     "companies", "summary", "summary"),
    ("View Tags for a Company", "company_tags_list", ("GET",), "/companies/{companyid}/tags", "tags", "tags", "list"),
    ("Add/Remove Tags for a Company", "company_tags_update", ("PUT",), "/companies/{companyid}/tags",
     "tags", "", "action"),
    ("View Tasks for a Company", "company_tasks_list", ("GET",), "/companies/{companyid}/tasks",
     "tasks", "tasks", "list"),
    ("View Time Tracked by a Contact", "company_time_list", ("GET",), "/companies/{companyid}/time",
     "timerecords", "timerecords", "list"),
    ("View Client Companies", "companies_client_list", ("GET",), "/companies/client",
     "companies", "companies", "list"),
    ("View Contractor Companies", "companies_contractor_list", ("GET",), "/companies/contractor",
     "companies", "companies", "list"),
    ("View Staff Companies", "companies_staff_list", ("GET",), "/companies/staff", "companies", "companies", "list"),
    ("View Contacts", "contacts_list", ("GET",), "/contacts", "contacts", "contacts", "list"),
    ("Add a Contact/s.", "contacts_create", ("POST",), "/contacts", "contacts", "", "create"),
    ("View a Contact", "contacts_get", ("GET",), "/contacts/{contactid}", "contacts", "contact", "get"),
    ("Delete a Contact", "contacts_delete", ("DELETE",), "/contacts/{contactid}", "contacts", "", "delete"),
    ("Edit a Contact", "contacts_update", ("PUT",), "/contacts/{contactid}", "contacts", "", "update"),
    ("View Groups for a Staff Contact", "contact_groups_list", ("GET",), "/contacts/{contactid}/groups",
     "groups", "groups", "list"),
    ("Add/Remove Staff Contact to/from a Group", "contact_groups_update", ("PUT",), "/contacts/{contactid}/groups",
     "groups", "", "action"),
    ("View Contact's Location", "contact_location_get", ("GET",), "/contacts/{contactid}/location",
     "contacts", "location", "get"),
    # research: NUMA lists PUT, the seed labels its sample "POST data": both are routed
    ("Update a Contact's Location", "contact_location_update", ("PUT", "POST"), "/contacts/{contactid}/location",
     "contacts", "", "action"),
    ("View Notes for a Contact", "contact_notes_list", ("GET",), "/contacts/{contactid}/notes",
     "notes", "notes", "list"),
    ("Add a Note to a Contact", "contact_notes_create", ("POST",), "/contacts/{contactid}/notes",
     "notes", "", "create"),
    ("View a Note for a Contact", "contact_notes_get", ("GET",), "/contacts/{contactid}/notes/{noteid}",
     "notes", "note", "get"),
    ("Delete a Note from a Contact", "contact_notes_delete", ("DELETE",), "/contacts/{contactid}/notes/{noteid}",
     "notes", "", "delete"),
    ("View All Permissions for a Contact", "contact_permissions_list", ("GET",), "/contacts/{contactid}/permissions",
     "permissions", "permissions", "list"),
    ("Check Permission", "contact_permissions_get", ("GET",),
     "/contacts/{contactid}/permissions/{permissionid}", "permissions", "permission", "get"),
    ("View Projects for a Contact", "contact_projects_list", ("GET",), "/contacts/{contactid}/projects",
     "projects", "projects", "list"),
    ("Add a Project", "contact_projects_create", ("POST",), "/contacts/{contactid}/projects",
     "projects", "", "create"),
    ("View Roles for a Staff Contact", "contact_roles_list", ("GET",), "/contacts/{contactid}/roles",
     "roles", "roles", "list"),
    ("Add/Remove Roles for a Staff Contact", "contact_roles_update", ("PUT",), "/contacts/{contactid}/roles",
     "roles", "", "action"),
    ("Contact Summary", "contact_summary_get", ("GET",), "/contacts/{contactid}/summary",
     "contacts", "summary", "summary"),
    ("View Tags for a Contact", "contact_tags_list", ("GET",), "/contacts/{contactid}/tags", "tags", "tags", "list"),
    ("Add/Remove Tags for a Contact", "contact_tags_update", ("PUT",), "/contacts/{contactid}/tags",
     "tags", "", "action"),
    ("View Tasks for a Contact", "contact_tasks_list", ("GET",), "/contacts/{contactid}/tasks",
     "tasks", "tasks", "list"),
    ("View Time Tracked by a Contact", "contact_time_list", ("GET",), "/contacts/{contactid}/time",
     "timerecords", "timerecords", "list"),
    ("View Client Contacts", "contacts_client_list", ("GET",), "/contacts/client", "contacts", "contacts", "list"),
    ("View Contractor Contacts", "contacts_contractor_list", ("GET",), "/contacts/contractor",
     "contacts", "contacts", "list"),
    ("Request Password Reset", "contacts_forgotpassword", ("GET",), "/contacts/forgotpassword",
     "contacts", "", "action"),
    ("View Contacts' Locations", "contacts_locations_list", ("GET",), "/contacts/location",
     "contacts", "contacts", "list"),
    ("Request Access to ProWorkflow.", "contacts_requestaccess", ("POST",), "/contacts/requestaccess",
     "contacts", "", "create"),
    ("View Staff Contacts", "contacts_staff_list", ("GET",), "/contacts/staff", "contacts", "contacts", "list"),
    ("View Events", "events_list", ("GET",), "/events", "events", "events", "list"),
    ("Add an Event", "events_create", ("POST",), "/events", "events", "", "create"),
    ("View an Event", "events_get", ("GET",), "/events/{eventid}", "events", "event", "get"),
    ("Delete an Event", "events_delete", ("DELETE",), "/events/{eventid}", "events", "", "delete"),
    ("Edit an Event", "events_update", ("PUT",), "/events/{eventid}", "events", "", "update"),
    ("View Expenses", "expenses_list", ("GET",), "/expenses", "expenses", "expenses", "list"),
    ("Add an Expense", "expenses_create", ("POST",), "/expenses", "expenses", "", "create"),
    ("View an Expense", "expenses_get", ("GET",), "/expenses/{expenseid}", "expenses", "expense", "get"),
    ("Delete an Expense", "expenses_delete", ("DELETE",), "/expenses/{expenseid}", "expenses", "", "delete"),
    ("Edit an Expense", "expenses_update", ("PUT",), "/expenses/{expenseid}", "expenses", "", "update"),
    ("View Files", "files_list", ("GET",), "/files", "files", "files", "list"),
    ("Add a File", "files_create", ("POST",), "/files", "files", "", "create"),
    ("View a File", "files_get", ("GET",), "/files/{fileid}", "files", "file", "get"),
    ("Delete a File", "files_delete", ("DELETE",), "/files/{fileid}", "files", "", "delete"),
    ("View Custom Folders", "folders_list", ("GET",), "/files/folders", "folders", "folders", "list"),
    ("Add a Custom Folder", "folders_create", ("POST",), "/files/folders", "folders", "", "create"),
    ("View a Custom Folder", "folders_get", ("GET",), "/files/folders/{folderid}", "folders", "folder", "get"),
    ("View Invoices/Totals", "invoices_list", ("GET",), "/invoices", "invoices", "invoices", "list"),
    ("Add an Invoice", "invoices_create", ("POST",), "/invoices", "invoices", "", "create"),
    ("View an Invoice", "invoices_get", ("GET",), "/invoices/{invoiceid}", "invoices", "invoice", "get"),
    ("Delete an Invoice", "invoices_delete", ("DELETE",), "/invoices/{invoiceid}", "invoices", "", "delete"),
    ("Edit an Invoice", "invoices_update", ("PUT",), "/invoices/{invoiceid}", "invoices", "", "update"),
    ("View Line Items in an Invoice", "invoice_lines_list", ("GET",), "/invoices/{invoiceid}/lines",
     "invoicelines", "lines", "list"),
    ("Add Line/s to an Invoice", "invoice_lines_create", ("POST",), "/invoices/{invoiceid}/lines",
     "invoicelines", "", "create"),
    ("View a Line in an Invoice", "invoice_lines_get", ("GET",), "/invoices/{invoiceid}/lines/{lineid}",
     "invoicelines", "line", "get"),
    ("Delete a Line from an Invoice", "invoice_lines_delete", ("DELETE",), "/invoices/{invoiceid}/lines/{lineid}",
     "invoicelines", "", "delete"),
    ("Edit a Line in an Invoice", "invoice_lines_update", ("PUT",), "/invoices/{invoiceid}/lines/{lineid}",
     "invoicelines", "", "update"),
    ("Mark an Invoice as Paid", "invoices_markaspaid", ("PUT",), "/invoices/{invoiceid}/markaspaid",
     "invoices", "", "action"),
    ("Mark an Invoice as Unpaid", "invoices_markasunpaid", ("PUT",), "/invoices/{invoiceid}/markasunpaid",
     "invoices", "", "action"),
    ("View Overdue Invoices", "invoices_overdue_list", ("GET",), "/invoices/overdue", "invoices", "invoices", "list"),
    ("Login Call", "login_get", ("GET",), "/login", "me", "", "login"),
    ("View Contact Information", "me_get", ("GET",), "/me", "contacts", "contact", "get"),
    ("Edit Contact Information", "me_update", ("PUT",), "/me", "contacts", "", "update"),
    ("View Messages", "messages_list", ("GET",), "/messages", "messages", "messages", "list"),
    ("Add a Message", "messages_create", ("POST",), "/messages", "messages", "", "create"),
    ("View a Message", "messages_get", ("GET",), "/messages/{messageid}", "messages", "message", "get"),
    ("Delete a Message", "messages_delete", ("DELETE",), "/messages/{messageid}", "messages", "", "delete"),
    ("Edit a Message", "messages_update", ("PUT",), "/messages/{messageid}", "messages", "", "update"),
    ("View Notes", "notes_list", ("GET",), "/notes", "notes", "notes", "list"),
    ("Add a Note", "notes_create", ("POST",), "/notes", "notes", "", "create"),
    ("View a Note", "notes_get", ("GET",), "/notes/{noteid}", "notes", "note", "get"),
    ("Delete a Note", "notes_delete", ("DELETE",), "/notes/{noteid}", "notes", "", "delete"),
    ("Edit a Note", "notes_update", ("PUT",), "/notes/{noteid}", "notes", "", "update"),
    ("View Project Requests", "projectrequests_list", ("GET",), "/projectrequests",
     "projectrequests", "projectrequests", "list"),
    ("Add a Project Request", "projectrequests_create", ("POST",), "/projectrequests", "projectrequests", "", "create"),
]

SECTIONS = {
    "REQUIRED PARAMETERS:": "required",
    "FIELD PARAMETERS:": "field",
    "OPTIONAL PARAMETERS:": "optional",
    "FILTER PARAMETERS:": "filter",
    "SORT/PAGE PARAMETERS:": "sortpage",
}
ROLE_LINES = ("Staff", "Client", "Contractor")
GROUP_SEPARATOR = "DELETE PUT POST GET"
PARAM_NAME = re.compile(r"^[a-z][a-z0-9]*$")
ADVANCED = re.compile(r"advanced plan only", re.IGNORECASE)
STAFF_ONLY = re.compile(r"staff only", re.IGNORECASE)
# the token menus: level-2 bullets ("    • name") under these parameters
TOKEN_PARAMS = ("fields", "subtotals", "types")
# a menu token: a word, optionally starred, optionally followed by a note in brackets
TOKEN = re.compile(r"^(?P<token>[a-zA-Z][a-zA-Z0-9]*)(?P<star>\*)?\s*(?P<note>\(.*\))?$")


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Split the seed into operations: each starts after the three role lines."""
    starts = [i + 3 for i in range(len(lines) - 3)
              if tuple(lines[i:i + 3]) == ROLE_LINES and lines[i + 3].strip()]
    blocks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 3 if n + 1 < len(starts) else len(lines)
        body = [ln for ln in lines[start:end] if ln.strip() != GROUP_SEPARATOR]
        blocks.append((start + 1, body))  # 1-based line of the title
    return blocks


def _parse_param(name: str, body: list[str]) -> dict[str, Any]:
    """One parameter entry: the lines after its name up to the next name or section."""
    param: dict[str, Any] = {"name": name, "default": None, "description": "", "values": [],
                             "examples": [], "advanced": False}
    tokens: list[dict[str, Any]] = []
    text: list[str] = []
    for raw in body:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            continue
        text.append(stripped)
        indent = len(line) - len(line.lstrip(" "))
        if stripped.startswith("default:") and indent == 0 and param["default"] is None and not param["description"]:
            param["default"] = stripped[len("default:"):].strip()
            continue
        if indent == 0 and not param["description"]:
            param["description"] = stripped
            continue
        if stripped.startswith("Example:") or stripped.startswith("Examples:"):
            param["examples"].append(stripped.split(":", 1)[1].strip())
            continue
        if stripped.startswith("•"):
            item = stripped[1:].strip()
            if indent <= 2:
                value, _, meaning = item.partition(" - ")
                param["values"].append({"value": value.strip(), "meaning": meaning.strip()})
            elif name in TOKEN_PARAMS:
                _add_token(tokens, item)
    if ADVANCED.search(param["description"]) or any(ADVANCED.search(v["value"] + " " + v["meaning"])
                                                    for v in param["values"]):
        param["advanced"] = True
    if ADVANCED.search(" ".join(t for t in text if not t.startswith("•"))):
        param["advanced"] = True
    if name in TOKEN_PARAMS:
        param["tokens"] = tokens
    return param


def _add_token(tokens: list[dict[str, Any]], item: str) -> None:
    """A menu bullet: a token, or a bracketed note that belongs to the token before it."""
    if item.startswith("(") and tokens:
        # "• (contact who added this Task)" continues the token above (the seed's line breaks)
        note = item.strip("()")
        tokens[-1]["note"] = (tokens[-1]["note"] + "; " + note).strip("; ")
        _mark(tokens[-1], note)
        return
    if item.startswith("Example:"):
        return
    match = TOKEN.match(item) or TOKEN.match(item.replace("(", " (", 1))
    if match is None:
        return  # a sentence ("If week is used ..."), or the stray "*" bullet of one contacts menu
    token = {"token": match["token"], "staffonly": bool(match["star"]), "advanced": False,
             "note": (match["note"] or "").strip("()")}
    _mark(token, token["note"])
    tokens.append(token)


def _mark(token: dict[str, Any], note: str) -> None:
    if ADVANCED.search(note):
        token["advanced"] = True
    if STAFF_ONLY.search(note):
        token["staffonly"] = True


def parse_operation(title_line: int, body: list[str]) -> dict[str, Any]:
    title = body[0].strip()
    description: list[str] = []
    params: list[dict[str, Any]] = []
    section = None
    current: tuple[str, list[str]] | None = None
    sample: list[str] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            p = _parse_param(current[0], current[1])
            p["section"] = section
            params.append(p)
        current = None

    for line in body[1:]:
        stripped = line.strip()
        if stripped in SECTIONS:
            close()
            section = SECTIONS[stripped]
            continue
        if section is None:
            if stripped.startswith(("{", "[", "}", "]", '"')) or line.startswith(" ") or sample:
                sample.append(line)
            elif stripped:
                description.append(stripped)
            continue
        if PARAM_NAME.match(line) and line == stripped:
            close()
            current = (stripped, [])
            continue
        if current is not None:
            current[1].append(line)
    close()
    return {"title": title, "seed_line": title_line, "description": " ".join(description),
            "sample": "\n".join(sample).strip(), "params": params}


def build(seed_text: str) -> list[dict[str, Any]]:
    lines = seed_text.splitlines()
    parsed = [parse_operation(line, body) for line, body in _blocks(lines)]
    if len(parsed) != len(ROUTES):
        raise SystemExit(f"seed has {len(parsed)} operations, ROUTES has {len(ROUTES)}")
    table = []
    for op, (title, name, methods, path, resource, key, kind) in zip(parsed, ROUTES, strict=True):
        if op["title"] != title:
            raise SystemExit(f"seed line {op['seed_line']}: title {op['title']!r}, ROUTES expects {title!r}")
        table.append({"name": name, "title": title, "seed_line": op["seed_line"], "methods": list(methods),
                      "path": path, "resource": resource, "key": key, "kind": kind,
                      # "Multiple Companies:" / "Multiple Line Items:" samples: the body may be an array
                      "many": bool(re.search(r"^Multiple [A-Za-z ]+:$", op["sample"], re.MULTILINE)),
                      "description": op["description"], "params": op["params"]})
    return table


def render(table: list[dict[str, Any]]) -> str:
    head = ('"""The ProWorkflow v3 operation table, GENERATED by gen_operations.py from the seed: do not edit.\n\n'
            'One entry per seed operation (98), in seed order; see operations.py for the accessors."""\n'
            "# ruff: noqa: E501\n\n")
    return head + "OPERATIONS = " + pprint.pformat(table, width=108, sort_dicts=False) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if not a.startswith("--")]
    seed = Path(args[0]) if args else DEFAULT_SEED
    text = render(build(seed.read_text(encoding="utf-8")))
    if check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT.name} differs from the seed: regenerate it")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
