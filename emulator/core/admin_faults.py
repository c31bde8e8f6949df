"""Control API: fault rules (see faults.py for what a rule can do).

    GET    /_emulator/faults          {"rules": [...]}
    POST   /_emulator/faults          a rule -> 201 the rule with its id; 400 with a clear message
    GET    /_emulator/faults/<id>     one rule (hits, remaining)
    DELETE /_emulator/faults/<id>     remove it
    DELETE /_emulator/faults          remove every rule
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from . import admin_schemas as s
from .app import current
from .faults import RuleError
from .openapi import doc


def routes(bp: Blueprint) -> None:
    from .admin import json_error, no_content

    @bp.get("/faults")
    @doc("Every fault rule, in the order they are checked", tags=["faults"], responses={200: s.FaultRules})
    def list_faults() -> Any:
        return {"rules": [r.describe() for r in current().faults.rules]}

    @bp.post("/faults")
    @doc("Add a fault rule", tags=["faults"], body=s.FaultRuleBody, responses={201: s.FaultRule},
         errors={400: "A rule that cannot be added; the message says why"})
    def add_fault() -> Any:
        body = request.get_json(silent=True, force=True) if request.data else None
        try:
            rule = current().faults.add(body)
        except RuleError as exc:
            return json_error(400, str(exc))
        return rule.describe(), 201

    @bp.get("/faults/<int:rule_id>")
    @doc("One rule, with its hits and remaining times", tags=["faults"], responses={200: s.FaultRule},
         errors={404: "No such rule"})
    def get_fault(rule_id: int) -> Any:
        for rule in current().faults.rules:
            if rule.id == rule_id:
                return rule.describe()
        return json_error(404, f"no fault rule {rule_id}")

    @bp.delete("/faults/<int:rule_id>")
    @doc("Remove a rule", tags=["faults"], responses={204: "Removed"}, errors={404: "No such rule"})
    def delete_fault(rule_id: int) -> Any:
        if not current().faults.remove(rule_id):
            return json_error(404, f"no fault rule {rule_id}")
        return no_content()

    @bp.delete("/faults")
    @doc("Remove every rule", tags=["faults"], responses={204: "Removed"})
    def clear_faults() -> Any:
        current().faults.clear()
        return no_content()
