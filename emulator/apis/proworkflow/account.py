"""The caller and the account: Login Call, View/Edit Contact Information (/me), Request Password
Reset and Request Access (seed group 7, L7222-L7342, and L4983, L5041).

Login "returns details about the user making the request and the account they are accessing",
the API key included ("If you don't know your API key then you can use this call to return it by
providing your Account URL (as well as using a Basic Authorization header)").
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import contacts, grammar, listing, logins, writes
from .context import Context, contact_name
from .errors import bad_request, invalid, not_found
from .render import single


def account_slug(url: Any) -> str:
    """'https://proworkflow6.net/ABCInc' or 'ABCInc' -> 'abcinc' (the slug is case-insensitive)."""
    text = grammar.text(url).strip().rstrip("/")
    return text.rsplit("/", 1)[-1].lower()


def login_details(query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    q = listing.clean(query)
    if q.get("url") and account_slug(q["url"]) != account_slug(ctx.settings.get("accounturl", "")):
        raise not_found("Account")
    me = ctx.user
    company = ctx.get("companies", me.get("companyid")) or {}
    details = {
        "apikey": ctx.settings.get("apikey", ""), "accounturl": ctx.settings.get("accounturl", ""),
        "accountname": ctx.settings.get("accountname", ""), "plan": ctx.plan,
        "currency": ctx.settings.get("currency", ""), "timezone": ctx.settings.get("timezone", "UTC"),
        "contactid": me.get("id"), "firstname": me.get("firstname", ""), "lastname": me.get("lastname", ""),
        "email": me.get("email", ""), "username": me.get("username", ""), "type": me.get("type", ""),
        "companyid": me.get("companyid") or "", "companyname": company.get("name", ""),
        "permissions": contacts.permission_rows(ctx, me),
    }
    if ctx.advanced:
        details["divisionid"] = me.get("divisionid") or 1
    return writes.single_envelope("login", details)


def me(query: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """View Contact Information: the caller's own contact, all of it (NUMA: plus plan, divisionid)."""
    ctx = Context.current()
    rec = ctx.table("contacts").get(ctx.me)
    if rec is None:
        raise not_found("Contact")
    out = single(contacts.SPEC, rec, ctx, self_view=True)
    out["plan"] = ctx.plan
    if ctx.advanced:
        out["divisionid"] = rec.get("divisionid") or 1
    return writes.single_envelope("contact", out)


def edit_me(body: Any) -> dict[str, Any]:
    return contacts.edit_contact(None, body, op_name="me_update")


def forgot_password(query: Mapping[str, Any]) -> dict[str, Any]:
    """"If no matching address is found, this will return a 404 response code"."""
    ctx = Context.current()
    q = listing.clean(query)
    if writes.blank(q.get("email")):
        raise bad_request("'email' is a required field")
    email = grammar.text(q["email"]).lower()
    match = next((c for c in ctx.table("contacts").scan() if str(c.get("email") or "").lower() == email), None)
    if match is None:
        raise not_found("Contact with this email address")
    ctx.table("contacts").update(match["id"], {"passwordresetrequested": ctx.stamp})
    return writes.envelope("Password Reset Email Sent", [{"email": match.get("email", "")}])


def request_access(body: Any) -> dict[str, Any]:
    """Adds a pending contact (and, for a new company name, a pending company) awaiting approval;
    on the Advanced plan both go to division 1."""
    ctx = Context.current()
    item = writes.one("contacts_requestaccess", body)
    writes.check(ctx, "contacts_requestaccess", item, required_names=("email", "firstname", "lastname"))
    kind = grammar.parse_choice("type", item.get("type") or "client", ("staff", "client", "contractor"))
    email = writes.text(item, "email")
    if "@" not in email:
        raise invalid("email", email, "an email address")
    if logins.taken(ctx.tenant, email) or any(str(c.get("email") or "").lower() == email.lower()
                                               for c in ctx.table("contacts").scan()):
        raise bad_request(f"The email '{email}' is already in use")
    if kind == "staff":
        company = next((c for c in ctx.table("companies").scan() if c.get("type") == "staff"), None)
        if company is None:
            raise bad_request("The account has no Staff Company")
    else:
        if writes.blank(item.get("companyname")):
            raise bad_request("'companyname' is a required field")
        name = writes.text(item, "companyname")
        company = next((c for c in ctx.table("companies").scan()
                        if c.get("type") == kind and str(c.get("name", "")).lower() == name.lower()), None)
        if company is None:
            from .companies import TEXT as COMPANY_TEXT
            company = ctx.table("companies").insert({
                "name": name, "type": kind, **{k: "" for k in COMPANY_TEXT}, "image": "", "tagids": [],
                "apifields": {}, "pending": True, "divisionid": 1 if ctx.advanced else None,
                "lastmodified": ctx.stamp})
    rec = contacts.new_contact(ctx, {"firstname": item["firstname"], "lastname": item["lastname"], "email": email},
                               company, many=False, pending=True)
    saved = ctx.table("contacts").insert(rec)
    return writes.envelope("Access Requested", [{"id": saved["id"], "name": contact_name(saved)}])
