"""The filter-value grammar of the seed (003), as pure functions (grammar.py): no emulator needed."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from emulator.apis.proworkflow import grammar
from emulator.apis.proworkflow.errors import PAGING_PAIR
from emulator.core.api import ApiError

pytestmark = pytest.mark.no_emulator

NOW = datetime(2025, 3, 14, 12, 30, 45, tzinfo=UTC)  # a Friday


def bad(call, *args, **kwargs) -> ApiError:
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    assert info.value.status == 400
    assert isinstance(info.value.detail, list) and info.value.detail  # the API's details list
    return info.value


# -- dates: "Specific date - Date in yyyy-mm-dd format" / "Relative date - +/-Xd/w/m/y" ------------------
@pytest.mark.parametrize(("value", "expected"), [
    ("2014-01-18", date(2014, 1, 18)),
    ("+0d", date(2025, 3, 14)),
    ("-6d", date(2025, 3, 8)),        # trackedfrom's default
    ("-3w", date(2025, 2, 21)),       # seed: "-3w - 3 weeks ago"
    ("+1m", date(2025, 4, 14)),       # seed: "+1m - 1 month ahead"
    ("-1y", date(2024, 3, 14)),
    ("2d", date(2025, 3, 16)),        # no sign: ahead
    ("+1M", date(2025, 4, 14)),       # units are case-insensitive
])
def test_dates_are_iso_or_relative_to_the_emulators_clock(value: str, expected: date) -> None:
    assert grammar.parse_date("duedatefrom", value, NOW) == expected


def test_relative_months_clamp_to_the_end_of_the_month() -> None:
    jan31 = datetime(2025, 1, 31, tzinfo=UTC)
    assert grammar.parse_date("duedateto", "+1m", jan31) == date(2025, 2, 28)
    assert grammar.parse_date("duedateto", "+1y", datetime(2024, 2, 29, tzinfo=UTC)) == date(2025, 2, 28)


@pytest.mark.parametrize("value", ["2014-13-01", "2014-02-30", "18/01/2014", "yesterday", "-3x", "+d", "", "2014-1-8"])
def test_a_malformed_date_is_a_400_naming_the_parameter(value: str) -> None:
    err = bad(grammar.parse_date, "duedatefrom", value, NOW)
    assert "duedatefrom" in err.detail[0]


# -- date-times: "yyyy-mm-ddThh:mm" / "Xn/h/d/w/m - X minutes/hours/days/weeks/months ago" --------------
@pytest.mark.parametrize(("value", "expected"), [
    ("2014-01-18T13:20", datetime(2014, 1, 18, 13, 20)),
    ("2014-01-18T13:20:05", datetime(2014, 1, 18, 13, 20, 5)),
    ("2014-01-18", datetime(2014, 1, 18)),
    ("12h", datetime(2025, 3, 14, 0, 30, 45)),      # seed example: 12h
    ("30n", datetime(2025, 3, 14, 12, 0, 45)),      # n: minutes
    ("2d", datetime(2025, 3, 12, 12, 30, 45)),
    ("1w", datetime(2025, 3, 7, 12, 30, 45)),
    ("1m", datetime(2025, 2, 14, 12, 30, 45)),      # m: months (minutes are n)
])
def test_lastmodified_values_are_iso_or_ago(value: str, expected: datetime) -> None:
    assert grammar.parse_datetime("lastmodifiedfrom", value, NOW) == expected


@pytest.mark.parametrize("value", ["2014-01-18T25:00", "12x", "h12", "soon", "2014-01-18T13"])
def test_a_malformed_date_time_is_a_400(value: str) -> None:
    bad(grammar.parse_datetime, "lastmodifiedto", value, NOW)


def test_event_times_take_now() -> None:
    assert grammar.parse_moment("starttime", "now", NOW) == datetime(2025, 3, 14, 12, 30, 45)
    assert grammar.parse_moment("endtime", "2014-03-20T14:00", NOW) == datetime(2014, 3, 20, 14, 0)
    bad(grammar.parse_moment, "endtime", "-1d", NOW)


def test_dates_leave_as_iso_without_a_time_zone() -> None:
    assert grammar.stamp(NOW) == "2025-03-14T12:30:45"
    assert grammar.stamp(date(2026, 6, 24)) == "2026-06-24T00:00:00"  # research: date-only fields carry a time


# -- search strings: "string" contains / "!string" does not contain ------------------------------------
def test_search_contains_case_insensitively() -> None:
    s = grammar.parse_search("search", "WEB")
    assert s.matches("Website", None) and not s.matches("Layout")


def test_search_negation_means_no_column_contains_it() -> None:
    """Seed: "!string - Companies where Name and Code do not contain string"."""
    s = grammar.parse_search("search", "!layout")
    assert s.negate
    assert s.matches("Website", "ABC")
    assert not s.matches("Website", "new LAYOUT")


# -- id lists --------------------------------------------------------------------------------------------
def test_id_lists_and_negation() -> None:
    sel = grammar.parse_ids("categoryid", "1,2,3")
    assert sel.matches(2) and not sel.matches(4)
    neg = grammar.parse_ids("categoryid", "!1,2", negation=True)
    assert neg.negate and neg.matches(3) and not neg.matches(1)


def test_negation_only_where_documented() -> None:
    bad(grammar.parse_ids, "tagid", "!1,2")


def test_special_words_me_all_unassigned() -> None:
    assert grammar.parse_ids("contacts", "me", specials=("me", "all")).resolve_me(7).ids == {7}
    assert grammar.parse_ids("contacts", "ALL", specials=("me", "all")).everything
    assert grammar.parse_ids("contacts", "unassigned", specials=("unassigned",)).special == "unassigned"
    bad(grammar.parse_ids, "projectid", "me")  # not a documented word of projectid


def test_any_and_all_modes_over_lists() -> None:
    sel = grammar.parse_ids("contacts", "1,2")
    assert sel.matches_any([2, 9]) and not sel.matches_all([2, 9]) and sel.matches_all([1, 2, 9])


@pytest.mark.parametrize("value", ["abc", "1,,2", "1,x", "1.5", "", "-1"])
def test_a_non_numeric_id_is_a_400(value: str) -> None:
    bad(grammar.parse_ids, "id", value)


def test_body_id_lists_accept_text_lists_and_numbers() -> None:
    assert grammar.parse_id_list("tagid", "3,1,3") == [3, 1]
    assert grammar.parse_id_list("tagid", [2, "4"]) == [2, 4]
    assert grammar.parse_id_list("tagid", 5) == [5]
    bad(grammar.parse_id_list, "tagid", "1,a")


# -- apifields: "2,Europe||3,Industrial" with apifieldsmode any/all -----------------------------------------
def test_apifields_pairs_joined_by_two_pipes() -> None:
    pairs = grammar.parse_pairs("apifields", "2,Europe||3,Industrial||3,Commercial")
    assert pairs.pairs == ((2, "Europe"), (3, "Industrial"), (3, "Commercial"))
    assert pairs.matches({"2": "Western Europe"})          # any (the default): one pair contains its string
    assert not pairs.matches({"2": "Asia", "3": "Retail"})


def test_apifields_mode_all_needs_every_pair() -> None:
    pairs = grammar.parse_pairs("apifields", "2,europe||3,indus", "all")
    assert pairs.matches({"2": "Europe", "3": "Industrial"})
    assert not pairs.matches({"2": "Europe"})


def test_a_string_may_hold_commas() -> None:
    assert grammar.parse_pairs("apifields", "1,Smith, John").pairs == ((1, "Smith, John"),)


@pytest.mark.parametrize("value", ["Europe", "x,Europe", "2,", "2,Europe||x,Asia", "2,Europe||"])
def test_malformed_pairs_are_a_400(value: str) -> None:
    bad(grammar.parse_pairs, "apifields", value)


def test_body_pairs() -> None:
    assert grammar.parse_body_pairs("apifields", [{"id": 1, "value": "Europe"}, {"id": "2", "value": "X"}]) == {
        "1": "Europe", "2": "X"}
    bad(grammar.parse_body_pairs, "apifields", "1,Europe")
    bad(grammar.parse_body_pairs, "apifields", [{"value": "no id"}])


# -- comparisons: "3000.00" / "gte3000.00" / "lte3000.00" (+ over/under/gte30%) ------------------------------
def test_comparisons() -> None:
    assert grammar.parse_compare("grandtotal", "3000.00").test(3000)
    assert grammar.parse_compare("grandtotal", "gte3000").test(3000.5)
    assert not grammar.parse_compare("grandtotal", "lte3000").test(3000.5)
    bad(grammar.parse_compare, "grandtotal", "over")       # only for invoicetotal/timetracked
    bad(grammar.parse_compare, "grandtotal", "gte30%")
    bad(grammar.parse_compare, "grandtotal", "3k")


def test_relative_comparisons_ignore_a_zero_reference() -> None:
    """Seed: "over - Invoice Total is GREATER THAN Quote Total (Projects with 0 Quote Total ignored)"."""
    over = grammar.parse_compare("invoicetotal", "over", relative=True)
    assert over.test(120, 100) and not over.test(100, 100) and not over.test(5, 0)
    assert grammar.parse_compare("invoicetotal", "under", relative=True).test(100, 100)
    pct = grammar.parse_compare("timetracked", "gte30%", relative=True)
    assert pct.test(30, 100) and not pct.test(29, 100)
    bad(grammar.parse_compare, "timetracked", "30%", relative=True)


# -- fields ------------------------------------------------------------------------------------------------
MENU = ("name", "code", "type", "email")


def test_fields_tokens_apifields_and_none() -> None:
    sel = grammar.parse_fields("fields", "name, CODE,id,apifield7,apifields", MENU)
    assert sel.tokens == ("name", "code") and sel.apifield_ids == (7,) and sel.all_apifields
    assert grammar.parse_fields("fields", "none", MENU, allow_none=True).none


def test_an_unknown_field_is_a_400() -> None:
    err = bad(grammar.parse_fields, "fields", "name,colour", MENU)
    assert "colour" in err.detail[0]
    bad(grammar.parse_fields, "fields", "apifield7", MENU, apifields=False)
    bad(grammar.parse_fields, "fields", "none", MENU)


# -- paging and sorting ---------------------------------------------------------------------------------------
def test_paging_needs_both_parameters() -> None:
    """NUMA live: "pagesize and pagenumber must both be provided in order to use paging"."""
    assert grammar.parse_paging(None, None) is None
    assert grammar.parse_paging("2", "10").slice(list(range(25))) == list(range(10, 20))
    for number, size in (("2", None), (None, "10"), ("", "5")):
        assert bad(grammar.parse_paging, number, size).detail == [PAGING_PAIR]
    bad(grammar.parse_paging, "0", "10")
    bad(grammar.parse_paging, "1", "ten")


def test_the_5000_record_cap() -> None:
    assert len(grammar.cap(list(range(7000)))) == grammar.MAX_RECORDS == 5000


def test_sorting() -> None:
    assert grammar.parse_sort(None, None, ("id", "name"), "name") == grammar.Sort("name", False)
    assert grammar.parse_sort("ID", "DESC", ("id", "name"), "name") == grammar.Sort("id", True)
    bad(grammar.parse_sort, "colour", None, ("id", "name"), "name")
    bad(grammar.parse_sort, "id", "up", ("id", "name"), "name")
    values = ["b", None, "A", 3, 1]
    assert sorted(values, key=grammar.sort_key) == [None, 1, 3, "A", "b"]


# -- scalars and invoice specifics ------------------------------------------------------------------------------
def test_booleans_and_numbers() -> None:
    assert grammar.parse_bool("pending", "TRUE") is True and grammar.parse_bool("pending", False) is False
    bad(grammar.parse_bool, "pending", "maybe")
    assert grammar.parse_int("pagesize", "7") == 7
    bad(grammar.parse_int, "pagesize", True)
    assert grammar.parse_number("cost", "12.5") == 12.5
    bad(grammar.parse_number, "cost", "nan")


def test_discounts_and_display_orders() -> None:
    assert grammar.parse_discount("discountvalue", "10%").amount(1500) == 150
    assert grammar.parse_discount("discountvalue", 500).amount(1500) == 500
    bad(grammar.parse_discount, "discountvalue", "150%")
    assert grammar.parse_displayorder("displayorder", "after3") == grammar.DisplayOrder("after", line_id=3)
    assert grammar.parse_displayorder("displayorder", "1.1").number == 1.1
    assert grammar.parse_displayorder("displayorder", "auto").mode == "auto"
    bad(grammar.parse_displayorder, "displayorder", "after3", positional=False)
