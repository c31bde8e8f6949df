"""ProWorkflow API v3 (seed 003): the domain layer, its operation table and the filter grammar.

Phase A: no `API` object yet (a package without one is not served).
"""
