"""Essentials reminders: GET/POST /reminders, GET/PUT/PATCH/DELETE /reminders/{id}.

Seed 000 "List/Create/Get/Update/Delete Essentials reminder"; research essentials.md §3.1 (business
formats), §4 (Reminder::getReminders calendar events), §5 (Reminder columns), §7.4 (rules).

Fixtures (business 1, m/d/Y + 24h):
  reminder 1 admin "Pay rent" 2026-01-31 09:00-10:00 every_month (created 08:00)
  reminder 2 admin "Team stand-up" 2026-01-05 09:30 (no end) every_day (created 08:05)
  reminder 3 manager "Weekly stock order" 2026-01-06 11:00-11:30 every_week
  reminder 4 cashier "Dentist appointment" 2026-02-10 15:00-16:00 one_time
Business 2 (d/m/Y + 12h): reminder 1 owner "Deep clean kitchen" 2026-01-04 22:00 every_week.
"""
from __future__ import annotations

import re

import pytest

from .support import NOT_FOUND, ids, invalid, json_of

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
KEYS = ["id", "business_id", "user_id", "name", "date", "time", "end_time", "repeat", "created_at", "updated_at"]
EVENT_KEYS = ["id", "title", "start", "end", "name", "repeat", "url", "allDay", "event_url",
              "backgroundColor", "borderColor", "event_type"]
DEMO = {"message": "Feature disabled in demo!!"}
API_SUFFIX = "/api/v1/integration/essentials"
PAY_RENT = {"id": 1, "business_id": 1, "user_id": 1, "name": "Pay rent", "date": "2026-01-31",
            "time": "09:00:00", "end_time": "10:00:00", "repeat": "every_month",
            "created_at": "2026-01-05T08:00:00.000000Z", "updated_at": "2026-01-05T08:00:00.000000Z"}








def new_reminder(client, **body) -> dict:
    payload = {"name": "Call supplier", "date": "02/14/2026", "time": "14:30", "repeat": "one_time", **body}
    return json_of(client.post("/reminders", json=payload), 201)["data"]


def calendar(client, start: str, end: str) -> list[dict]:
    body = json_of(client.get("/reminders", params={"calendar_start": start, "calendar_end": end}), 200)
    assert list(body) == ["data"]
    return body["data"]


def starts(events: list[dict], reminder_id: int) -> list[str]:
    return [e["start"] for e in events if e["id"] == reminder_id]


def web_root(client) -> str:
    assert client.base_url.endswith(API_SUFFIX)
    return client.base_url[: -len(API_SUFFIX)]


# --- authentication and demo mode ---------------------------------------------------------

@pytest.mark.parametrize("method,path", [("GET", "/reminders"), ("POST", "/reminders"), ("GET", "/reminders/1"),
                                         ("PUT", "/reminders/1"), ("PATCH", "/reminders/1"),
                                         ("DELETE", "/reminders/1")])
def test_every_route_needs_credentials(ess, method, path):
    """Seed: Bearer token or API key + secret required; research §2: 401 {"message": "Unauthenticated."}."""
    assert json_of(ess.anon().request(method, path, json={"name": "x"}), 401) == {"message": "Unauthenticated."}


@pytest.mark.parametrize("method,path", [("POST", "/reminders"), ("PUT", "/reminders/1"),
                                         ("PATCH", "/reminders/1"), ("DELETE", "/reminders/1")])
def test_demo_mode_blocks_mutating_calls(ess, gate, method, path):
    """Seed: demo mode blocks mutating calls with 403; research §2 "Feature disabled in demo!!"."""
    gate(demo_mode=True)
    body = {"name": "Changed", "date": "02/14/2026", "time": "14:30", "repeat": "one_time"}
    assert json_of(ess.request(method, path, json=body), 403) == DEMO
    gate(demo_mode=False)
    assert json_of(ess.get("/reminders/1"), 200)["data"] == PAY_RENT
    assert json_of(ess.get("/reminders"), 200)["meta"]["total"] == 2


def test_demo_mode_still_reads(ess, gate):
    """Seed: only mutating calls are blocked in demo mode."""
    gate(demo_mode=True)
    assert ids(ess.get("/reminders")) == [2, 1]
    assert len(calendar(ess, "2026-01-01", "2026-01-05")) == 1


def test_module_gate_applies(ess, gate):
    """Seed: every route calls ensureEssentialsModule first (403 with an explanatory message)."""
    gate(essentials_enabled=False)
    assert json_of(ess.get("/reminders"), 403) == {"message": "Essentials module is not enabled for this business."}


# --- list mode ----------------------------------------------------------------------------

def test_list_is_the_callers_own_reminders_newest_first(ess):
    """Seed: a paginated list of the current user's reminders; research §5 columns, §6 B envelope."""
    body = json_of(ess.get("/reminders"), 200)
    assert list(body) == ["data", "links", "meta"]
    assert [r["id"] for r in body["data"]] == [2, 1]  # created_at desc
    assert body["data"][1] == PAY_RENT
    assert list(body["data"][0]) == KEYS
    assert body["meta"]["per_page"] == 20 and body["meta"]["total"] == 2
    assert ids(ess.as_("manager").get("/reminders")) == [3]
    assert ids(ess.as_("cashier").get("/reminders")) == [4]
    assert ids(ess.as_("viewer").get("/reminders")) == []


def test_reminders_need_no_extra_permission(ess):
    """Seed: permission is superadmin or subscription essentials_module only (the viewer may create)."""
    created = new_reminder(ess.as_("viewer"))
    assert created["user_id"] == 4
    assert ids(ess.as_("viewer").get("/reminders")) == [created["id"]]


@pytest.mark.parametrize("value,message", [("0", "The per page must be between 1 and 100."),
                                           ("101", "The per page must be between 1 and 100."),
                                           ("ten", "The per page must be an integer.")])
def test_per_page_is_1_to_100(ess, value, message):
    """Seed: per_page, page (list mode); research §6: 1-100, default 20."""
    invalid(ess.get("/reminders", params={"per_page": value}), {"per_page": [message]})


def test_pages(ess):
    """Seed: per_page and page paginate the list."""
    body = json_of(ess.get("/reminders", params={"per_page": 1, "page": 2}), 200)
    assert [r["id"] for r in body["data"]] == [1]
    assert body["meta"]["last_page"] == 2 and body["meta"]["per_page"] == 1 and body["meta"]["current_page"] == 2


def test_start_and_end_date_filter_by_reminder_date(ess):
    """Seed: start_date, end_date filter list mode by reminder date (inclusive, whereDate)."""
    assert ids(ess.get("/reminders", params={"start_date": "2026-01-01", "end_date": "2026-01-10"})) == [2]
    assert ids(ess.get("/reminders", params={"start_date": "2026-01-31", "end_date": "2026-01-31"})) == [1]
    assert ids(ess.get("/reminders", params={"start_date": "2026-02-01", "end_date": "2026-12-31"})) == []


@pytest.mark.parametrize("params,errors", [
    ({"start_date": "2026-01-01"}, {"end_date": ["The end date field is required when start date is present."]}),
    ({"end_date": "2026-01-01"}, {"start_date": ["The start date field is required when end date is present."]}),
])
def test_start_and_end_date_are_required_together(ess, params, errors):
    """Seed: start_date, end_date "Both required together"."""
    invalid(ess.get("/reminders", params=params), errors)


@pytest.mark.parametrize("value", ["01/05/2026", "2026-1-5", "2026-02-30", "yesterday"])
def test_start_date_must_be_y_m_d(ess, value):
    """Research §3.1: list filters are Y-m-d (Laravel date_format wording, §2.1)."""
    invalid(ess.get("/reminders", params={"start_date": value, "end_date": "2026-12-31"}),
            {"start_date": ["The start date does not match the format Y-m-d."]})


def test_q_searches_names_case_insensitively(ess):
    """Seed: q (list mode) searches the reminder name."""
    assert ids(ess.get("/reminders", params={"q": "RENT"})) == [1]
    assert ids(ess.get("/reminders", params={"q": "nothing like it"})) == []


def test_q_needs_two_characters(ess):
    """Seed: q minimum 2 characters when sent (research §2.1 wording)."""
    invalid(ess.get("/reminders", params={"q": "r"}), {"q": ["The q must be at least 2 characters."]})


def test_sort_and_direction(ess):
    """Seed: sort one of date, time, name, created_at, updated_at, repeat; direction asc or desc."""
    assert ids(ess.get("/reminders", params={"sort": "date"})) == [2, 1]
    assert ids(ess.get("/reminders", params={"sort": "date", "direction": "desc"})) == [1, 2]
    assert ids(ess.get("/reminders", params={"sort": "time"})) == [1, 2]
    assert ids(ess.get("/reminders", params={"sort": "created_at", "direction": "asc"})) == [1, 2]
    assert ids(ess.get("/reminders", params={"sort": "updated_at", "direction": "desc"})) == [2, 1]


def test_sort_by_name_ignores_case(ess):
    """Seed: sort=name; MySQL's *_ci collation orders names case-insensitively."""
    apple = new_reminder(ess, name="apple")["id"]
    assert ids(ess.get("/reminders", params={"sort": "name"})) == [apple, 1, 2]


def test_sort_by_repeat_follows_the_enum_order(ess):
    """Seed: sort=repeat; research §5: repeat is an ENUM, which MySQL orders by declaration."""
    once = new_reminder(ess, repeat="one_time")["id"]
    weekly = new_reminder(ess, repeat="every_week")["id"]
    assert ids(ess.get("/reminders", params={"sort": "repeat"})) == [once, 2, weekly, 1]
    assert ids(ess.get("/reminders", params={"sort": "repeat", "direction": "desc"})) == [1, weekly, 2, once]


@pytest.mark.parametrize("params,errors", [({"sort": "id"}, {"sort": ["The selected sort is invalid."]}),
                                           ({"direction": "up"}, {"direction": ["The selected direction is invalid."]})])
def test_sort_and_direction_must_be_known(ess, params, errors):
    """Seed: sort is one of six columns; direction asc or desc."""
    invalid(ess.get("/reminders", params=params), errors)


# --- calendar mode ------------------------------------------------------------------------

def test_calendar_mode_returns_events_in_getreminders_shape(ess):
    """Seed: calendar_start+calendar_end switch to calendar mode via Reminder::getReminders;
    research §4: event keys and values in this order, absolute web URLs, wrapped in data."""
    events = calendar(ess, "2026-01-01", "2026-01-07")
    root = web_root(ess)
    assert events == [
        {"id": 2, "title": "Team stand-up", "start": f"2026-01-0{d} 09:30:00", "end": f"2026-01-0{d} 09:30:00",
         "name": "Team stand-up", "repeat": "every_day", "url": f"{root}/essentials/reminder/2", "allDay": False,
         "event_url": f"{root}/essentials/reminder", "backgroundColor": "#ff851b", "borderColor": "#ff851b",
         "event_type": "reminder"}
        for d in (5, 6, 7)
    ]
    assert [list(e) for e in events] == [EVENT_KEYS] * 3


def test_calendar_end_uses_end_time(ess):
    """Research §4: end = date + (end_time ?: time)."""
    events = calendar(ess, "2026-01-01", "2026-01-31")
    rent = [e for e in events if e["id"] == 1]
    assert [(e["start"], e["end"]) for e in rent] == [("2026-01-31 09:00:00", "2026-01-31 10:00:00")]


def test_calendar_monthly_repeats_overflow_like_php(ess):
    """Research §4: +1 month follows PHP overflow rules, not clamping: 2026-01-31 -> 2026-03-03 -> 04-03."""
    events = calendar(ess, "2026-01-01", "2026-05-31")
    assert starts(events, 1) == ["2026-01-31 09:00:00", "2026-03-03 09:00:00", "2026-04-03 09:00:00",
                                 "2026-05-03 09:00:00"]


def test_calendar_monthly_overflow_in_a_leap_year(ess):
    """Research §4: 2024-01-31 -> 2024-03-02 in a leap year, and the drift is permanent."""
    rid = new_reminder(ess, date="01/31/2024", repeat="every_month")["id"]
    assert starts(calendar(ess, "2024-01-01", "2024-04-30"), rid) == [
        "2024-01-31 14:30:00", "2024-03-02 14:30:00", "2024-04-02 14:30:00"]


def test_calendar_repeats_start_at_their_own_date_not_calendar_start(ess):
    """Research §4: repeating reminders run from their own date while date <= calendar_end."""
    events = calendar(ess, "2026-03-01", "2026-03-02")
    daily = starts(events, 2)
    assert len(daily) == 27 + 28 + 2  # 5-31 Jan, Feb, 1-2 Mar
    assert daily[0] == "2026-01-05 09:30:00" and daily[-1] == "2026-03-02 09:30:00"


def test_calendar_weekly_repeats_include_calendar_end(ess):
    """Research §4: every_week steps +1 weeks; the loop runs while date <= calendar_end."""
    events = calendar(ess.as_("manager"), "2026-01-01", "2026-01-27")
    assert [(e["start"], e["end"]) for e in events] == [
        (f"2026-01-{d} 11:00:00", f"2026-01-{d} 11:30:00") for d in ("06", "13", "20", "27")]


def test_calendar_repeating_reminder_after_the_range_has_no_events(ess):
    """Research §4: if date > end_date a repeating reminder yields zero events."""
    assert starts(calendar(ess, "2026-01-01", "2026-01-30"), 1) == []


@pytest.mark.parametrize("start,end", [("2026-01-01", "2026-01-31"), ("2027-01-01", "2027-12-31")])
def test_calendar_one_time_reminder_is_always_one_event(ess, start, end):
    """Research §4: repeat == one_time yields exactly one event, whatever the range."""
    events = calendar(ess.as_("cashier"), start, end)
    assert [(e["id"], e["start"], e["end"], e["repeat"]) for e in events] == [
        (4, "2026-02-10 15:00:00", "2026-02-10 16:00:00", "one_time")]


def test_calendar_is_the_callers_own(ess):
    """Seed: reminders are the current user's; research §4: getReminders filters user_id."""
    assert {e["id"] for e in calendar(ess.as_("manager"), "2026-01-01", "2026-12-31")} == {3}
    assert calendar(ess.as_("viewer"), "2026-01-01", "2026-12-31") == []


@pytest.mark.parametrize("params,errors", [
    ({"calendar_start": "2026-01-01"},
     {"calendar_end": ["The calendar end field is required when calendar start is present."]}),
    ({"calendar_end": "2026-01-31"},
     {"calendar_start": ["The calendar start field is required when calendar end is present."]}),
])
def test_calendar_start_and_end_are_required_together(ess, params, errors):
    """Seed: calendar_start, calendar_end "Both required together"."""
    invalid(ess.get("/reminders", params=params), errors)


@pytest.mark.parametrize("value", ["01/01/2026", "2026-1-1", "2026-13-01", "soon"])
def test_calendar_dates_must_be_y_m_d(ess, value):
    """Seed: calendar_start, calendar_end are Y-m-d (Laravel date_format wording)."""
    invalid(ess.get("/reminders", params={"calendar_start": value, "calendar_end": "2026-01-31"}),
            {"calendar_start": ["The calendar start does not match the format Y-m-d."]})
    invalid(ess.get("/reminders", params={"calendar_start": "2026-01-01", "calendar_end": value}),
            {"calendar_end": ["The calendar end does not match the format Y-m-d."]})


LIST_ONLY = {"per_page": "abc", "page": "x", "q": "a", "sort": "colour", "direction": "up",
             "start_date": "soon"}


@pytest.mark.parametrize("name", list(LIST_ONLY))
def test_calendar_mode_does_not_validate_list_only_parameters(ess, name):
    """Seed: "per_page, page, q, sort, direction — List mode only" (start_date/end_date filter list
    mode): in calendar mode they are ignored, even when list mode would refuse them."""
    dates = {"calendar_start": "2026-01-01", "calendar_end": "2026-03-31"}
    expected = calendar(ess, "2026-01-01", "2026-03-31")
    assert expected
    body = json_of(ess.get("/reminders", params={**dates, name: LIST_ONLY[name]}), 200)
    assert body == {"data": expected}
    if name != "page":  # list mode checks it (a bad page reads as 1 there: Laravel's paginator)
        assert name in json_of(ess.get("/reminders", params={name: LIST_ONLY[name]}), 422)["errors"]


def test_a_lone_calendar_date_is_list_mode_and_checks_everything(ess):
    """Seed: calendar mode needs both dates; with one, the request is in list mode, so its pair and
    the list parameters are all validated."""
    invalid(ess.get("/reminders", params={"calendar_start": "2026-01-01", "per_page": "abc"}),
            {"per_page": ["The per page must be an integer."],
             "calendar_end": ["The calendar end field is required when calendar start is present."]})


def test_calendar_business_two(ess):
    """Research §4 for business 2: its owner's weekly reminder from 2026-01-04 22:00."""
    events = calendar(ess.as_("bistro"), "2026-01-01", "2026-01-18")
    assert [(e["id"], e["start"], e["end"]) for e in events] == [
        (1, f"2026-01-{d} 22:00:00", f"2026-01-{d} 22:00:00") for d in ("04", "11", "18")]


# --- create -------------------------------------------------------------------------------

def test_create_returns_201_with_the_reminder(ess):
    """Seed: POST /reminders 201 with serialized reminder; research §5 columns, §3.1 formats."""
    body = json_of(ess.post("/reminders", json={"name": "Call supplier", "date": "02/14/2026", "time": "14:30",
                                                 "end_time": "15:00", "repeat": "every_week"}), 201)
    data = body["data"]
    assert list(body) == ["data"] and list(data) == KEYS
    assert {k: data[k] for k in KEYS[1:8]} == {
        "business_id": 1, "user_id": 1, "name": "Call supplier", "date": "2026-02-14", "time": "14:30:00",
        "end_time": "15:00:00", "repeat": "every_week"}
    assert data["id"] == 5
    assert STAMP.match(data["created_at"]) and data["updated_at"] == data["created_at"]
    assert json_of(ess.get(f"/reminders/{data['id']}"), 200)["data"] == data
    assert ids(ess.get("/reminders")) == [5, 2, 1]


def test_create_end_time_is_optional(ess):
    """Seed: end_time is optional; it is stored as null."""
    assert new_reminder(ess)["end_time"] is None


def test_create_accepts_form_bodies(ess):
    """Seed: a JSON body; Laravel reads form-encoded bodies the same way."""
    r = ess.post("/reminders", data={"name": "Form", "date": "03/01/2026", "time": "08:00", "repeat": "every_day"})
    assert json_of(r, 201)["data"]["date"] == "2026-03-01"


def test_create_uses_business_twelve_hour_times_and_d_m_y(ess):
    """Seed: date uses the business date_format; time/end_time use 12h per time_format (business 2)."""
    data = new_reminder(ess.as_("bistro"), date="31/01/2026", time="09:30 PM", end_time="10:15 PM",
                        repeat="every_month")
    assert (data["business_id"], data["user_id"], data["date"], data["time"], data["end_time"]) == (
        2, 1, "2026-01-31", "21:30:00", "22:15:00")


def test_create_requires_name_date_time_and_repeat(ess):
    """Seed: name, date, time, repeat required (Laravel 9 summary "(and 3 more errors)")."""
    invalid(ess.post("/reminders", json={}), {
        "name": ["The name field is required."], "date": ["The date field is required."],
        "time": ["The time field is required."], "repeat": ["The repeat field is required."]})


def test_create_with_malformed_json_is_a_validation_error(ess):
    """Brief: malformed JSON reads as an empty body, so validation answers 422."""
    r = ess.post("/reminders", data="{not json", headers={"Content-Type": "application/json"})
    assert json_of(r, 422)["errors"]["name"] == ["The name field is required."]


@pytest.mark.parametrize("body,errors", [
    ({"date": "31/01/2026"}, {"date": ["The date does not match the format m/d/Y."]}),
    ({"date": 20260131}, {"date": ["The date does not match the format m/d/Y."]}),
    ({"time": "9am"}, {"time": ["The time does not match the format H:i."]}),
    ({"end_time": "25:00"}, {"end_time": ["The end time does not match the format H:i."]}),
    ({"repeat": "every_year"}, {"repeat": ["The selected repeat is invalid."]}),
    ({"name": 42}, {"name": ["The name must be a string."]}),
    ({"name": "x" * 256}, {"name": ["The name must not be greater than 255 characters."]}),
])
def test_create_validates_each_field(ess, body, errors):
    """Seed: date in business date_format, time/end_time 12h or 24h, repeat one of four; nothing stored."""
    payload = {"name": "Call supplier", "date": "02/14/2026", "time": "14:30", "repeat": "one_time", **body}
    invalid(ess.post("/reminders", json=payload), errors)
    assert json_of(ess.get("/reminders"), 200)["meta"]["total"] == 2


@pytest.mark.parametrize("body,errors", [
    ({"time": "21:30 PM"}, {"time": ["The time does not match the format h:i A."]}),
    ({"date": "01/31/2026"}, {"date": ["The date does not match the format d/m/Y."]}),
])
def test_create_names_the_business_formats_in_errors(ess, body, errors):
    """Research §3.1: business 2 parses d/m/Y and h:i A; a mismatch names that format."""
    payload = {"name": "Close", "date": "31/01/2026", "time": "09:30 PM", "repeat": "one_time", **body}
    invalid(ess.as_("bistro").post("/reminders", json=payload), errors)


@pytest.mark.parametrize("field", ["time", "end_time"])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_twelve_hour_business_refuses_24_hour_times(ess, field, method):
    """Seed: "time / end_time use 12h or 24h based on business time_format"; research §3.1: uf_time
    parses "h:i A" for time_format 12, so "21:00" fails with Laravel's date_format wording; nothing
    is stored."""
    bistro = ess.as_("bistro")
    before = json_of(bistro.get("/reminders/1"), 200)["data"]
    payload = {"name": "Close", "date": "31/01/2026", "time": "09:30 PM", "repeat": "one_time", field: "21:00"}
    path = "/reminders" if method == "POST" else "/reminders/1"
    label = field.replace("_", " ")
    invalid(bistro.request(method, path, json=payload if method == "POST" else {field: "21:00"}),
            {field: [f"The {label} does not match the format h:i A."]})
    assert json_of(bistro.get("/reminders"), 200)["meta"]["total"] == 1
    assert json_of(bistro.get("/reminders/1"), 200)["data"] == before


@pytest.mark.parametrize("value", ["09:00 PM", "9:00 pm", "21:00:00", "2100"])
@pytest.mark.parametrize("field", ["time", "end_time"])
def test_a_24_hour_business_refuses_other_time_forms(ess, field, value):
    """Research §3.1: time_format 24 is "H:i" only: a 12-hour time or one with seconds is trailing
    data for Carbon::createFromFormat('H:i', ...)."""
    label = field.replace("_", " ")
    invalid(ess.post("/reminders", json={"name": "Open", "date": "02/14/2026", "time": "14:30",
                                         "repeat": "one_time", field: value}),
            {field: [f"The {label} does not match the format H:i."]})
    invalid(ess.patch("/reminders/1", json={field: value}), {field: [f"The {label} does not match the format H:i."]})
    assert json_of(ess.get("/reminders/1"), 200)["data"] == PAY_RENT


def test_the_time_format_follows_the_business_setting(ess, gate):
    """Seed: the time format is the business's time_format, read on every request: switched to 12,
    business 1 takes "09:15 PM" and refuses "21:15"."""
    gate(time_format="12")
    data = new_reminder(ess, time="09:15 PM", end_time="10:00 pm")
    assert (data["time"], data["end_time"]) == ("21:15:00", "22:00:00")
    invalid(ess.post("/reminders", json={"name": "x", "date": "02/14/2026", "time": "21:15", "repeat": "one_time"}),
            {"time": ["The time does not match the format h:i A."]})


# --- show ---------------------------------------------------------------------------------

def test_show_returns_the_callers_reminder(ess):
    """Seed: GET /reminders/{id} 200 with the reminder."""
    assert json_of(ess.get("/reminders/1"), 200) == {"data": PAY_RENT}


@pytest.mark.parametrize("item", ["3", "4", "999", "abc"])
def test_show_another_users_or_missing_reminder_is_404(ess, item):
    """Seed: scope is the current user's reminders only; research §2: 404 {"message": "Not found."}."""
    assert json_of(ess.get(f"/reminders/{item}"), 404) == NOT_FOUND


# --- update -------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update_is_partial(ess, method):
    """Seed: partial update; fields not sent keep their values; research §7.4."""
    data = json_of(ess.request(method, "/reminders/1", json={"name": "Pay the rent"}), 200)["data"]
    assert {**data, "updated_at": None} == {**PAY_RENT, "name": "Pay the rent", "updated_at": None}
    assert STAMP.match(data["updated_at"]) and data["updated_at"] != PAY_RENT["updated_at"]
    assert json_of(ess.get("/reminders/1"), 200)["data"] == data


def test_update_parses_business_formats(ess):
    """Seed: date in business date_format, time/end_time per time_format, on update too."""
    data = json_of(ess.patch("/reminders/1", json={"date": "02/28/2026", "time": "07:15", "end_time": "07:45",
                                                    "repeat": "every_week"}), 200)["data"]
    assert (data["date"], data["time"], data["end_time"], data["repeat"]) == (
        "2026-02-28", "07:15:00", "07:45:00", "every_week")
    bistro = json_of(ess.as_("bistro").patch("/reminders/1", json={"time": "06:05 AM"}), 200)["data"]
    assert bistro["time"] == "06:05:00"


def test_update_can_clear_end_time(ess):
    """Research §5: end_time is nullable; sending null clears it."""
    assert json_of(ess.patch("/reminders/1", json={"end_time": None}), 200)["data"]["end_time"] is None


@pytest.mark.parametrize("body", [{}, {"colour": "red"}])
def test_update_with_no_fields_is_422(ess, body):
    """Seed: at least one field required or 422 with "No fields to update" (errors keyed "fields")."""
    r = ess.patch("/reminders/1", json=body)
    assert json_of(r, 422) == {"message": "No fields to update", "errors": {"fields": ["No fields to update"]}}


@pytest.mark.parametrize("body,errors", [
    ({"name": None, "repeat": "every_day"}, {"name": ["The name field is required."]}),
    ({"name": "New", "repeat": "yearly"}, {"repeat": ["The selected repeat is invalid."]}),
    ({"name": "New", "date": "2026/02/01"}, {"date": ["The date does not match the format m/d/Y."]}),
    ({"time": None}, {"time": ["The time field is required."]}),
])
def test_update_validates_sent_fields_and_changes_nothing(ess, body, errors):
    """Seed: a sent field must be valid; a rejected update leaves the reminder as it was."""
    invalid(ess.put("/reminders/1", json=body), errors)
    assert json_of(ess.get("/reminders/1"), 200)["data"] == PAY_RENT


@pytest.mark.parametrize("item", ["3", "999", "x"])
def test_update_another_users_or_missing_reminder_is_404(ess, item):
    """Seed: current user's reminders only (404 as for missing rows)."""
    assert json_of(ess.patch(f"/reminders/{item}", json={"name": "Mine now"}), 404) == NOT_FOUND
    assert json_of(ess.as_("manager").get("/reminders/3"), 200)["data"]["name"] == "Weekly stock order"


# --- delete -------------------------------------------------------------------------------

def test_delete_removes_the_reminder(ess):
    """Seed: DELETE /reminders/{id} 200 {"message": "OK"}."""
    assert json_of(ess.delete("/reminders/1"), 200) == {"message": "OK"}
    assert json_of(ess.get("/reminders/1"), 404) == NOT_FOUND
    assert ids(ess.get("/reminders")) == [2]
    assert starts(calendar(ess, "2026-01-01", "2026-12-31"), 1) == []
    assert json_of(ess.delete("/reminders/1"), 404) == NOT_FOUND


def test_delete_another_users_reminder_is_404(ess):
    """Seed: current user's reminders only; the other user's reminder stays."""
    assert json_of(ess.delete("/reminders/3"), 404) == NOT_FOUND
    assert ids(ess.as_("manager").get("/reminders")) == [3]
