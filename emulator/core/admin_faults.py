"""Control API: fault rules (see faults.py for what a rule can do).

    GET    /_emulator/faults          {"rules": [...]}
    POST   /_emulator/faults          a rule -> 201 the rule with its id; 400 with a clear message
    GET    /_emulator/faults/<id>     one rule (hits, remaining)
    DELETE /_emulator/faults/<id>     remove it
    DELETE /_emulator/faults          remove every rule
"""
from __future__ import annotations

from typing import Any

from flask import request

from . import admin_schemas as s
from .api import Route
from .faults import RuleError
from .http import current, json_error, no_content
from .openapi import Doc


def list_faults() -> Any:
    return {"rules": [r.describe() for r in current().faults.rules]}


def add_fault() -> Any:
    body = request.get_json(silent=True, force=True) if request.data else None
    try:
        rule = current().faults.add(body)
    except RuleError as exc:
        return json_error(400, str(exc))
    return rule.describe(), 201


def get_fault(rule_id: int) -> Any:
    for rule in current().faults.rules:
        if rule.id == rule_id:
            return rule.describe()
    return json_error(404, f"no fault rule {rule_id}")


def delete_fault(rule_id: int) -> Any:
    if not current().faults.remove(rule_id):
        return json_error(404, f"no fault rule {rule_id}")
    return no_content()


def clear_faults() -> Any:
    current().faults.clear()
    return no_content()


def routes() -> list[Route]:
    return [
        Route("GET", "/faults", "faults_list", list_faults,
              doc=Doc("Every fault rule, in the order they are checked", tags=["faults"],
                      responses={200: s.FaultRules})),
        Route("POST", "/faults", "faults_create", add_fault,
              doc=Doc("Add a fault rule", tags=["faults"], body=s.FaultRuleBody, responses={201: s.FaultRule},
                      errors={400: "A rule that cannot be added; the message says why"})),
        Route("GET", "/faults/<int:rule_id>", "faults_get", get_fault,
              doc=Doc("One rule, with its hits and remaining times", tags=["faults"],
                      responses={200: s.FaultRule}, errors={404: "No such rule"})),
        Route("DELETE", "/faults/<int:rule_id>", "faults_delete", delete_fault,
              doc=Doc("Remove a rule", tags=["faults"], responses={204: "Removed"}, errors={404: "No such rule"})),
        Route("DELETE", "/faults", "faults_clear", clear_faults,
              doc=Doc("Remove every rule", tags=["faults"], responses={204: "Removed"})),
    ]
