"""The Essentials API's errors, in Laravel 9's shapes and words (one place).

    401 {"message": "Unauthenticated."}
    403 {"message": "Unauthorized action."} / the module-gate texts / "Feature disabled in demo!!"
    404 {"message": "Not found."}
    405 {"message": "The POST method is not supported for route api/v1/.... Supported methods: GET, HEAD."}
    422 {"message": "<first error> (and N more errors)", "errors": {"field": ["..."]}}
    500 {"message": "Server Error"}
"""
from __future__ import annotations

from flask import jsonify

from ...core.api import REASON_BAD_BODY, REASON_METHOD, REASON_NO_ROUTE, REASON_TOO_LARGE, ApiError
from ...core.http import Response

UNAUTHENTICATED = "Unauthenticated."
UNAUTHORIZED = "Unauthorized action."
NOT_FOUND = "Not found."
DEMO = "Feature disabled in demo!!"
GATE_NOT_INSTALLED = "Essentials module is not installed."
GATE_NOT_IN_SUBSCRIPTION = "Essentials module is not included in your subscription."
GATE_NOT_ENABLED = "Essentials module is not enabled for this business."

# Laravel lists a route's methods in this order in its 405 message
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def summarize(errors: dict[str, list[str]]) -> str:
    """Laravel 9's ValidationException::summarize: the first message and how many more."""
    messages = [m for msgs in errors.values() for m in msgs]
    if not messages:
        return "The given data was invalid."
    first, more = messages[0], len(messages) - 1
    if more:
        first += f" (and {more} more error{'s' if more > 1 else ''})"
    return first


def invalid(errors: dict[str, list[str]]) -> ApiError:
    """422 with Laravel's field errors (carried as the error's detail)."""
    return ApiError(422, summarize(errors), detail=errors)


def invalid_field(field: str, message: str) -> ApiError:
    return invalid({field: [message]})


def no_fields_to_update() -> ApiError:
    """Seed: partial updates with nothing to change (reminders, knowledge base)."""
    return invalid_field("fields", "No fields to update")


def unauthenticated() -> ApiError:
    return ApiError(401, UNAUTHENTICATED)


def forbidden(message: str = UNAUTHORIZED) -> ApiError:
    return ApiError(403, message)


def not_found() -> ApiError:
    return ApiError(404, NOT_FOUND)


def _body(status: int, message: str, errors: dict[str, list[str]] | None = None) -> Response:
    body: dict = {"message": message}
    if errors is not None:
        body["errors"] = errors
    resp = jsonify(body)
    resp.status_code = status
    return resp


def route_name(path: str) -> str:
    """Request::path(), which Laravel's routing messages name: no slashes around it, "/" for the root."""
    return path.strip("/") or "/"


def method_not_allowed(method: str, route: str, allowed: tuple[str, ...]) -> Response:
    """405 in AbstractRouteCollection::requestMethodNotAllowed's words (the core adds `Allow`)."""
    methods = [m for m in _METHOD_ORDER if m in allowed]
    resp = _body(405, f"The {method} method is not supported for route {route}. "
                      f"Supported methods: {', '.join(methods)}.")
    resp.headers["Allow"] = ", ".join(methods)
    return resp


# what Laravel answers for a status when nothing more specific is known
_DEFAULT_MESSAGES = {401: UNAUTHENTICATED, 403: UNAUTHORIZED, 404: NOT_FOUND, 429: "Too Many Attempts.",
                     500: "Server Error", 503: "Service Unavailable"}
THROTTLE_LIMIT = 60  # RouteServiceProvider: Limit::perMinute(60)


def render(err: ApiError) -> Response:
    """Every error of the API: its own, routing errors (unknown route, wrong method, crash) and
    injected fault statuses, in Laravel's words."""
    route = route_name(err.path)
    if err.injected:
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(err.status).phrase
        except ValueError:
            phrase = "Error"
        resp = _body(err.status, err.message or _DEFAULT_MESSAGES.get(err.status, phrase),
                     {} if err.status == 422 else None)
        if err.status == 429:  # ThrottleRequests' headers
            resp.headers.update({"Retry-After": "60", "X-RateLimit-Limit": str(THROTTLE_LIMIT),
                                 "X-RateLimit-Remaining": "0"})
        return resp
    if err.reason == REASON_NO_ROUTE:
        return _body(404, f"The route {route} could not be found.")
    if err.reason == REASON_METHOD:
        return method_not_allowed(err.method, route, err.allowed)
    if err.reason == REASON_TOO_LARGE:
        # ValidatePostSize throws PostTooLargeException with no message; Laravel 9 renders an
        # HttpException's own (empty) message as JSON
        return _body(413, "")
    if err.reason == REASON_BAD_BODY:
        return _body(err.status, err.message or _DEFAULT_MESSAGES.get(err.status, "Error"))
    if err.status >= 500:
        return _body(500, "Server Error")
    return _body(err.status, err.message or _DEFAULT_MESSAGES.get(err.status, "Error"), err.detail)
