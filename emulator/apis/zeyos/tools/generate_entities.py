#!/usr/bin/env python3
"""Derive ZeyOS's entity table (entities.json) from the seed and ZeyOS's own published specs.

    python emulator/apis/zeyos/tools/generate_entities.py [--shared ../shared] [--check]

Sources, in order of authority (the seed wins where they disagree):
  1. the seed `seeds/002_62f772b9a369bc17.txt`: which operations exist (method + path), their
     summaries, documented statuses, query parameters, the permission sentence of each operation,
     and each entity's fields with type, enumeration, range and default ("Schema Definitions");
  2. `reference/zeyos/dbref.json` (the PostgreSQL schema): nullability, column defaults, foreign
     keys with their ON DELETE rules, trigram search indexes (`s_<table>_<column>`, the columns
     `query` searches), domain CHECK patterns, and which tables have extdata / tag storage;
  3. `reference/zeyos/api.json` (the newer OpenAPI): fields of `links` (the seed has no schema for
     it, only a list example), composite column shapes, and what it says where the seed is silent.

Every place where a source disagrees with the seed is listed under "disagreements" in the output,
so docs/zeyos.md can cite them.  The output is data for review: the emulator reads it at import
and never reads the seed or the specs at run time.  `--check` exits 1 when the committed output
differs from what the sources give now.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
ROOT = PACKAGE.parents[2]
OUTPUT = PACKAGE / "entities.json"
SEED_NAME = "seeds/002_62f772b9a369bc17.txt"

OP_LINE = re.compile(r"^(GET|PUT|POST|PATCH|DELETE|HEAD) (/\S*)$")
STATUS_LINE = re.compile(r"^(\d{3}) [A-Z]")
FIELD_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
ACTIONS = {("POST", False): "list", ("PUT", False): "create", ("GET", True): "get",
           ("HEAD", True): "exists", ("PATCH", True): "update", ("DELETE", True): "delete"}
# columns every record carries that the server sets (the client may send the date ones on create)
SERVER_SET = {"ID", "creationdate", "lastmodified", "creator"}
ENUM_ENTITY_COLUMNS = {"entity", "entity1", "entity2"}


# -- the seed ---------------------------------------------------------------------------------
def seed_operations(lines: list[str]) -> list[dict[str, Any]]:
    """Every `METHOD /path` block before "Schema Definitions", with what the block says."""
    end = lines.index("Schema Definitions")
    starts = [i for i in range(end) if OP_LINE.match(lines[i])]
    ops = []
    for n, i in enumerate(starts):
        j = starts[n + 1] if n + 1 < len(starts) else end
        block = lines[i:j]
        method, path = OP_LINE.match(lines[i]).groups()
        # the summary is the last non-empty line before the op line ("Get account")
        k = i - 1
        while k > 0 and not lines[k].strip():
            k -= 1
        summary = lines[k].strip()
        description = block[2].strip() if len(block) > 2 else ""
        params = [block[p - 1].strip() for p, line in enumerate(block) if line.startswith("in ") and p > 0]
        where = {block[p - 1].strip(): line[3:].strip() for p, line in enumerate(block)
                 if line.startswith("in ") and p > 0}
        statuses = [int(m.group(1)) for line in block if (m := STATUS_LINE.match(line))]
        texts = {}
        for p, line in enumerate(block):
            m = re.match(r"^Response Example \((\d{3}) ", line)
            if m and p + 1 < len(block) and block[p + 1].startswith('"'):
                texts[int(m.group(1))] = json.loads(block[p + 1])
        ctype = next((line.split(": ", 1)[1] for line in block if line.startswith("Response Content-Types")), None)
        ops.append({"method": method, "path": path, "summary": summary, "description": description,
                    "params": params, "param_in": where, "statuses": statuses, "texts": texts,
                    "content_type": ctype, "block": block})
    return ops


def parse_type(spec: str) -> dict[str, Any]:
    """One seed type line: `integer 0, 1, 2 0`, `number (double) x ≥ 0 0`, `string (at least 1 chars)`,
    `integer 1 ≤ x ≤ 32767 1`, `string application/ixml+xml, text/x-zymba text/x-zymba`, ..."""
    out: dict[str, Any] = {}
    spec = spec.strip()
    if not spec:
        return {"seed_type": None}
    word, _, rest = spec.partition(" ")
    out["seed_type"] = word
    rest = rest.strip()
    fmt = re.match(r"^\(([a-z0-9]+)\)\s*", rest)
    if fmt and fmt.group(1) in ("int32", "int64", "double", "email", "url"):
        out["format"] = fmt.group(1)
        rest = rest[fmt.end():]
    m = re.match(r"^\(at least (\d+) chars\)\s*", rest)
    if m:
        out["minLength"] = int(m.group(1))
        rest = rest[m.end():]
    m = re.match(r"^\(up to (\d+) chars\)\s*", rest)
    if m:
        out["maxLength"] = int(m.group(1))
        rest = rest[m.end():]
    m = re.match(r"^(-?[\d.]+) ≤ x ≤ (-?[\d.]+)\s*", rest)
    if m:
        out["minimum"], out["maximum"] = _num(m.group(1)), _num(m.group(2))
        rest = rest[m.end():]
    m = re.match(r"^x ≥ (-?[\d.]+)\s*", rest)
    if m:
        out["minimum"] = _num(m.group(1))
        rest = rest[m.end():]
    rest = rest.strip()
    if not rest:
        return out
    if word in ("integer", "number"):
        # "0, 1, 2 0": an enumeration then the default; "1": a default alone
        parts = rest.split(" ")
        if "," in rest:
            enum_text = rest
            default = None
            last = parts[-1]
            if not last.endswith(",") and len(parts) > 1 and not parts[-2].endswith(","):
                enum_text, default = " ".join(parts[:-1]), last
            out["enum"] = [_num(v) for v in enum_text.replace(",", " ").split()]
            if default is not None:
                out["default"] = _num(default)
        elif len(parts) == 2 and len(parts[0]) and parts[0].lstrip("-").isdigit():
            out["enum"] = [_num(parts[0])]
            out["default"] = _num(parts[1])
        else:
            out["default"] = _num(parts[0]) if len(parts) == 1 else _num(parts[-1])
            if len(parts) == 1 and word == "integer" and "minimum" not in out:
                # "integer 0, 1" with one value is an enumeration without a default (forcestock: "0, 1")
                pass
        return out
    if word == "string":
        if "," in rest:
            values = [v.strip() for v in rest.split(",")]
            last = values[-1].split(" ")
            if len(last) == 2:
                values[-1] = last[0]
                out["default"] = last[1]
            out["enum"] = values
        else:
            out["default"] = rest
    return out


def _num(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def seed_schemas(lines: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Schema Definitions: entity -> {field: parsed type + description}, in the seed's order."""
    start = lines.index("Schema Definitions")
    out: dict[str, dict[str, dict[str, Any]]] = {}
    i = start + 1
    current: str | None = None
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([a-z0-9-]+): object$", line)
        if m and current is None:
            current = m.group(1)
            out[current] = {}
            i += 1
            continue
        if current is not None and line == "Example":
            current = None
            i += 1
            continue
        if current is not None:
            fm = FIELD_LINE.match(line)
            if fm:
                name, spec = fm.group(1), fm.group(2) or ""
                desc = ""
                if i + 2 < len(lines) and lines[i + 1] == "" and not FIELD_LINE.match(lines[i + 2]) \
                        and lines[i + 2] != "Example":
                    desc = lines[i + 2].strip()
                field = parse_type(spec)
                field["description"] = desc
                out[current][name] = field
        i += 1
    return out


def list_example_fields(op: dict[str, Any]) -> list[str]:
    """The keys of a list operation's 200 example (the only field list the seed gives for links)."""
    block = op["block"]
    try:
        k = block.index("Response Example (200 OK)")
    except ValueError:
        return []
    text = []
    for line in block[k + 1:]:
        text.append(line)
        if line == "]":
            break
    return list(json.loads("\n".join(text))[0].keys())


# -- permissions ------------------------------------------------------------------------------
def parse_permission(description: str) -> dict[str, Any]:
    """`Requires writable billing, procurement or production permission.` -> any-of names, writable."""
    m = re.search(r"Requires ([^.]*)\.", description)
    if not m:
        return {"any": [], "writable": False, "creator": False, "text": ""}
    text = m.group(1)
    creator = "the authenticated user to be the creator" in text
    writable = text.startswith("writable ")
    names: list[str] = []
    if not text.startswith("no specific") and not text.startswith("the authenticated"):
        core = text[len("writable "):] if writable else text
        core = core.replace(" and the authenticated user to be the creator", "")
        core = re.sub(r" permission$", "", core)
        names = [n.strip() for n in re.split(r",| or ", core) if n.strip()]
    return {"any": names, "writable": writable, "creator": creator, "text": m.group(0)}


# -- dbref ------------------------------------------------------------------------------------
def db_default(raw: str | None) -> Any:
    if raw is None:
        return None
    if raw.startswith("date_part("):
        return "now"
    if raw.startswith("'") and "'" in raw[1:]:
        return raw[1:raw.index("'", 1)]
    try:
        return _num(raw)
    except ValueError:
        return raw


def on_delete_rules(table: dict[str, Any]) -> dict[str, str]:
    rules = {}
    for c in table.get("constraints", []):
        if c["type"] != "foreign_key":
            continue
        m = re.match(r"FOREIGN KEY \(\"?(\w+)\"?\) REFERENCES (\w+)", c["def"])
        rule = re.search(r"ON DELETE (SET NULL|CASCADE|RESTRICT|NO ACTION|SET DEFAULT)", c["def"])
        rules[m.group(1)] = rule.group(1) if rule else "RESTRICT"  # no clause means NO ACTION
    return rules


def domain_checks(table: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """`dc_<table>_<col>` CHECK (VALUE ~ 're') / (VALUE !~ 're'): the text rules of each column."""
    out: dict[str, dict[str, list[str]]] = {}
    prefix = f"dc_{table['name']}_"
    for c in table.get("constraints", []):
        if c["type"] != "check" or not c["name"].startswith(prefix):
            continue
        col = c["name"][len(prefix):]
        for op, pattern in re.findall(r"VALUE(?:::text)? (!?~) '((?:[^']|'')*)'::text", c["def"]):
            key = "must_not_match" if op == "!~" else "must_match"
            # SQL string literal: '' is a quote; PostgreSQL standard strings keep backslashes literal
            out.setdefault(col, {}).setdefault(key, []).append(pattern.replace("''", "'"))
    return out


def search_columns(table: dict[str, Any]) -> list[str]:
    prefix = f"s_{table['name']}_"
    cols = []
    for idx in table.get("indexes", []):
        if idx["name"].startswith(prefix) and "gin_trgm_ops" in idx["def"]:
            cols.extend(idx["keys"])
    return sorted(set(cols))


# -- assembling -------------------------------------------------------------------------------
def kind_of(name: str, seed: dict[str, Any], db: dict[str, Any] | None, api: dict[str, Any] | None) -> str:
    """How the emulator stores and renders a column: int, number, string, json, array, object, binfile."""
    st = seed.get("seed_type")
    dbt = db["type"] if db else None
    if st == "binfile-field":
        return "binfile"
    if st in ("items-field", "meta-field"):
        return "json"
    if dbt == "json":
        return "object" if st == "object" and api is not None and api.get("type") == "object" else "json"
    if dbt and dbt.endswith("[]"):
        return "array"
    if st in ("integer",) or (st is None and dbt in ("integer", "bigint", "smallint")):
        return "int"
    if st == "number":
        # `number (int32)` (effort, projectedeffort) is an integer column in the database
        return "int" if dbt in ("integer", "bigint", "smallint") else "number"
    if st == "boolean" or dbt == "boolean":
        return "boolean"
    if st is None and api is not None:
        return {"integer": "int", "number": "number", "string": "string"}.get(api.get("type", ""), "json")
    return "string"


def build(shared: Path) -> dict[str, Any]:
    lines = (shared / SEED_NAME).read_text(encoding="utf-8").split("\n")
    ref = shared / "reference" / "zeyos"
    dbref = {t["name"]: t for t in json.loads((ref / "dbref.json").read_text())}
    api = json.loads((ref / "api.json").read_text())
    api_schemas = api["components"]["schemas"]
    ops = seed_operations(lines)
    schemas = seed_schemas(lines)
    disagreements: list[dict[str, Any]] = []

    def disagree(where: str, seed: Any, other: Any, source: str, note: str = "") -> None:
        disagreements.append({"where": where, "seed": seed, source: other, "note": note})

    by_entity: dict[str, list[dict[str, Any]]] = {}
    general = {}
    for op in ops:
        parts = op["path"].strip("/").split("/")
        if parts[0] in ("config", "settings"):
            general[parts[0]] = op
            continue
        by_entity.setdefault(parts[0], []).append(op)

    entities: dict[str, Any] = {}
    entity_names = sorted(by_entity)
    for name in entity_names:
        table = dbref[name]
        db_fields = {f["name"]: f for f in table["fields"]}
        api_props = (api_schemas.get(name) or {}).get("properties", {})
        seed_fields = schemas.get(name)
        field_source = "seed schema"
        if seed_fields is None:
            # links: the seed has no schema block, only the keys of its list example
            list_op = next(o for o in by_entity[name] if o["method"] == "POST")
            seed_fields = {}
            for key in list_example_fields(list_op):
                prop = api_props.get(key, {})
                seed_fields[key] = {"seed_type": prop.get("type"), "description": prop.get("description", "")}
                for k in ("format", "enum", "default", "minimum", "maximum", "minLength", "maxLength"):
                    if k in prop and prop[k] is not None:
                        seed_fields[key][k] = prop[k]
            field_source = "seed list example + api.json"
        rules = on_delete_rules(table)
        checks = domain_checks(table)
        fields: dict[str, Any] = {}
        fkeys: dict[str, Any] = {}
        for fname, sf in seed_fields.items():
            dbf = db_fields.get(fname)
            ap = api_props.get(fname)
            kind = kind_of(fname, sf, dbf, ap)
            f: dict[str, Any] = {"type": kind}
            for k in ("format", "enum", "minimum", "maximum", "minLength", "maxLength"):
                if k in sf:
                    f[k] = sf[k]
            if kind == "binfile":
                f["format"] = "int32"
            if dbf is None:
                disagree(f"{name}.{fname}", "documented field", "no such column", "dbref",
                         "a derived column: kept, read-only, computed or stored as given")
                f["nullable"] = True
                f["default"] = sf.get("default")
                f["derived"] = True
            else:
                f["nullable"] = not dbf["notnull"]
                dflt = db_default(dbf["default"])
                seed_default = sf.get("default")
                if seed_default is not None and dflt not in (None, "now") and seed_default != dflt \
                        and kind not in ("json", "array"):
                    disagree(f"{name}.{fname} default", seed_default, dflt, "dbref")
                f["default"] = seed_default if seed_default is not None else dflt
                if dbf.get("pattern"):
                    f["pattern"] = dbf["pattern"]
                if dbf["type"].startswith("character varying(") and "maxLength" not in f:
                    f["maxLength"] = int(dbf["type"][len("character varying("):-1])
                if fname in checks:
                    f.update(checks[fname])
                for fk in dbf["fkeys"]:
                    if fk["table"] in dbref and fname != "fork":
                        fkeys[fname] = {"table": fk["table"], "on_delete": rules.get(fname, "RESTRICT")}
                f["required"] = bool(dbf["notnull"] and dbf["default"] is None and seed_default is None
                                     and fname not in SERVER_SET)
            if fname in ENUM_ENTITY_COLUMNS and "enum" not in f and name in ("categories", "objects"):
                pass  # free-form canonical / custom entity names
            if sf.get("seed_type") in ("boolean",):
                f["type"] = "boolean"
            if f.get("default") == "now":
                f["server_default"] = "now"
                f["default"] = None
            f["readonly"] = fname == "ID" or kind == "binfile" or (fname == "lastmodified")
            if fname in SERVER_SET:
                f["server_set"] = True
            if ap is not None:
                api_enum = ap.get("enum")
                if api_enum is not None and "enum" in f and api_enum != f["enum"]:
                    disagree(f"{name}.{fname} enum", f["enum"], api_enum, "api.json")
            elif field_source == "seed schema":
                disagree(f"{name}.{fname}", "documented field", "absent", "api.json")
            f["description"] = sf.get("description", "")
            fields[fname] = f
        extra_api = [k for k in api_props if k not in fields and k != "fork"]
        if extra_api:
            disagree(f"{name} fields", "absent", extra_api, "api.json", "not served: the seed's field list wins")

        ent_ops: dict[str, Any] = {}
        get_params: list[str] = []
        for op in by_entity[name]:
            action = ACTIONS[(op["method"], op["path"].endswith("{ID}"))]
            perm = parse_permission(op["description"])
            deps = re.search(r"Has dependenc(?:y|ies) on ([^.]*)\.", op["description"])
            ent_ops[action] = {
                "method": op["method"], "path": op["path"], "summary": op["summary"],
                "description": op["description"], "statuses": op["statuses"], "permission": perm,
                "params": op["params"], "dependency": deps.group(1) if deps else None,
            }
            if action == "get":
                get_params = [p for p in op["params"] if op["param_in"].get(p) == "query"]
            if action == "create" and op["params"] != ["body"]:
                # a create that lists its body fields: they must be the entity's own fields
                unknown = [p for p in op["params"] if p not in fields]
                if unknown:
                    disagree(f"PUT /{name} params", op["params"], unknown, "seed schema", "unknown body fields")
        if name == "links":
            # the seed documents only POST /links; what a GET would take comes from api.json
            get_params = [p["$ref"].rsplit("/", 1)[1] for p in
                          api["paths"]["/links/{ID}"]["get"].get("parameters", []) if "$ref" in p]
            get_params = [p for p in get_params if p in ("expand", "extdata", "tags")]
        has_ext_storage = f"extdatavalues_{name}" in dbref
        has_tag_storage = f"tagrels_{name}" in dbref
        extdata = "extdata" in get_params
        tags = "tags" in get_params
        if extdata != has_ext_storage:
            disagree(f"{name} extdata", extdata, has_ext_storage, "dbref", "the seed's GET parameters win")
        if tags != has_tag_storage:
            disagree(f"{name} tags", tags, has_tag_storage, "dbref", "the seed's GET parameters win")
        singular = _singular(ent_ops)
        entities[name] = {
            "table": name,
            "singular": singular,
            "field_source": field_source,
            "operations": ent_ops,
            "fields": fields,
            "fkeys": fkeys,
            "search": [c for c in search_columns(table) if c in fields],
            "extdata": extdata,
            "tags": tags,
            "get_params": get_params,
            "visibility": "visibility" in fields,
            "binfile_columns": [k for k, f in fields.items() if f["type"] == "binfile"],
            "json_columns": [k for k, f in fields.items() if f["type"] in ("json", "array")],
            "checks": [c["def"] for c in table.get("constraints", [])
                       if c["type"] == "check" and not c["domain"]],
        }
    # who points at whom: what a hard delete touches
    for name, ent in entities.items():
        ent["referenced_by"] = sorted(
            ({"entity": other, "column": col, "on_delete": fk["on_delete"]}
             for other, o in entities.items() for col, fk in o["fkeys"].items() if fk["table"] == name),
            key=lambda r: (r["entity"], r["column"]))

    out_general = {}
    for key, op in general.items():
        out_general[key] = {"method": op["method"], "path": op["path"], "summary": op["summary"],
                            "description": op["description"], "statuses": op["statuses"],
                            "content_type": op["content_type"]}
        if op["content_type"] != "application/json":
            disagree(f"GET /{key} content type", op["content_type"], "application/json", "api.json",
                     "a rendering glitch: answered as application/json like every other success")
    texts: dict[str, str] = {}
    for op in ops:
        for status, text in op["texts"].items():
            texts.setdefault(str(status), text)
    auth = auth_operations(json.loads((ref / "auth.json").read_text()))
    seed_rows = sorted({(op["method"], op["path"]) for op in ops})
    return {
        "about": "Generated by emulator/apis/zeyos/tools/generate_entities.py from the seed, dbref.json and "
                 "api.json; do not edit by hand.",
        "sources": {"seed": SEED_NAME, "dbref": "reference/zeyos/dbref.json", "api": "reference/zeyos/api.json",
                    "auth": "reference/zeyos/auth.json"},
        "operation_count": len(ops),
        "seed_rows": [f"{m} {p}" for m, p in seed_rows],
        "error_texts": texts,
        "general": out_general,
        "auth": auth,
        "canonical_entities": (schemas.get("follows", {}).get("entity", {}).get("enum") or []),
        "entities": entities,
        "disagreements": disagreements,
    }


def _singular(ops: dict[str, Any]) -> str:
    for action, prefix in (("get", "Get "), ("create", "Create new "), ("update", "Update existing ")):
        op = ops.get(action)
        if op and op["summary"].startswith(prefix):
            return op["summary"][len(prefix):]
    op = ops["list"]
    return op["summary"][len("List "):]


def auth_operations(spec: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            out[op["operationId"]] = {
                "method": method.upper(), "path": path, "summary": op["summary"],
                "description": op["description"], "statuses": sorted(int(s) for s in op["responses"]),
                "params": [p["name"] for p in op.get("parameters", [])],
            }
    out["login"]["body"] = spec["components"]["schemas"]["login"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--check", action="store_true", help="fail if entities.json is out of date")
    args = parser.parse_args(argv)
    text = json.dumps(build(args.shared), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
