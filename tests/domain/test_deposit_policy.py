"""How much deposit a booking needs, and why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.deposit_policy import (
    BookedItem,
    DepositDecision,
    DepositKind,
    DepositPolicy,
    DepositRule,
    deposit_due,
)
from salon_pos.domain.money import currency, format_amount, percent_of

EUR = currency("EUR")


def money(minor: int) -> str:
    return format_amount(minor, EUR)


DEFAULT = DepositPolicy()
CUT = BookedItem("Cut and finish", 4500)
COLOUR = BookedItem("Colour correction", 15000)
BLOWDRY = BookedItem("Blow-dry", 3000, DepositRule.NEVER)
EXTENSIONS = BookedItem("Extensions", 2000, DepositRule.ALWAYS)


def decide(items, client_rule=DepositRule.POLICY, missed=0, policy=DEFAULT) -> DepositDecision:
    return deposit_due(policy, items, client_rule, missed, money)


# --- examples -----------------------------------------------------------------------------


def test_small_booking_under_threshold_needs_no_deposit():
    decision = decide([CUT])
    assert decision == DepositDecision(0, ())
    assert decision.explanation == "No deposit is needed for this booking."


def test_booking_over_threshold_pays_twenty_percent():
    decision = decide([COLOUR])
    assert decision.amount == 3000
    assert len(decision.reasons) == 1
    assert "€150.00" in decision.reasons[0] and "€60.00" in decision.reasons[0]
    assert decision.explanation.startswith("Deposit due: ")


def test_threshold_is_inclusive():
    decision = decide([BookedItem("Exactly", 6000)])
    assert decision.amount == 1200


def test_minimum_and_maximum_apply():
    # 20 % of €60 is €12 (within); 20 % of €400 is €80 → capped at €50.
    assert decide([BookedItem("Big", 40_000)]).amount == 5000
    # A service that always asks: 20 % of €20 is €4 → raised to the €10 minimum.
    assert decide([EXTENSIONS]).amount == 1000


def test_deposit_never_above_booked_total():
    cheap = BookedItem("Fringe trim", 500, DepositRule.ALWAYS)
    assert decide([cheap]).amount == 500


def test_service_that_always_asks():
    decision = decide([EXTENSIONS, CUT])
    assert decision.amount == 1300
    assert any("Extensions always takes a deposit" in r for r in decision.reasons)


def test_services_all_exempt_are_not_counted_against_threshold():
    lots = [BookedItem("Blow-dry", 3000, DepositRule.NEVER)] * 3
    assert decide(lots).amount == 0


def test_client_always_and_never():
    always = decide([CUT], client_rule=DepositRule.ALWAYS)
    assert always.amount == 1000
    assert "every booking" in always.reasons[0]
    assert decide([COLOUR], client_rule=DepositRule.NEVER).amount == 0


def test_client_always_beats_a_service_exemption():
    assert decide([BLOWDRY], client_rule=DepositRule.ALWAYS).amount == 1000


def test_missed_history_overrides_a_service_exemption():
    decision = decide([BLOWDRY], missed=1)
    assert decision.amount == 1000
    assert "once" in decision.reasons[0]


def test_a_client_exempted_by_a_manager_pays_none_whatever_the_history():
    decision = decide([CUT], client_rule=DepositRule.NEVER, missed=2)
    assert decision == DepositDecision(0, ())


@pytest.mark.parametrize(("missed", "word"), [(1, "once"), (3, "3 times")])
def test_missed_history_asks_for_deposit(missed, word):
    decision = decide([CUT], missed=missed)
    assert decision.amount == 1000
    assert word in decision.reasons[0]


def test_history_count_zero_switches_history_off():
    policy = DepositPolicy(history_count=0)
    assert decide([CUT], missed=5, policy=policy).amount == 0


def test_kind_none_has_no_threshold_but_services_and_clients_can_still_ask():
    policy = DepositPolicy(kind=DepositKind.NONE)
    assert decide([COLOUR], policy=policy).amount == 0
    # A service that always takes a deposit still does: 20 % of €170, by the percent rule.
    assert decide([COLOUR, EXTENSIONS], policy=policy).amount == 3400
    # The client's record still asks; the amount falls back on the percent rule.
    assert decide([COLOUR], client_rule=DepositRule.ALWAYS, policy=policy).amount == 3000
    assert decide([COLOUR], missed=1, policy=policy).amount == 3000


def test_fixed_kind():
    policy = DepositPolicy(kind=DepositKind.FIXED, fixed_amount=2500)
    assert decide([COLOUR], policy=policy).amount == 2500
    assert decide([BookedItem("Cheap but always", 1500, DepositRule.ALWAYS)],
                  policy=policy).amount == 1500


@pytest.mark.parametrize("fixed", [500, 8000])
def test_a_fixed_amount_is_taken_as_it_is(fixed):
    policy = DepositPolicy(kind=DepositKind.FIXED, fixed_amount=fixed)
    assert decide([COLOUR], policy=policy).amount == fixed


def test_zero_total_needs_nothing():
    free = BookedItem("Free redo", 0, DepositRule.ALWAYS)
    assert decide([free], client_rule=DepositRule.ALWAYS, missed=4) == DepositDecision(0, ())
    assert decide([]) == DepositDecision(0, ())


def test_zero_amount_gives_no_reasons():
    policy = DepositPolicy(kind=DepositKind.FIXED, fixed_amount=0)
    assert decide([COLOUR], policy=policy) == DepositDecision(0, ())


# --- properties ---------------------------------------------------------------------------

rules = st.sampled_from(list(DepositRule))
items = st.lists(
    st.builds(
        BookedItem,
        name=st.sampled_from(["Cut", "Colour", "Blow-dry", "Toner", "Extensions"]),
        price=st.integers(min_value=0, max_value=100_000),
        deposit_rule=rules,
    ),
    max_size=6,
)


@st.composite
def policies(draw):
    minimum = draw(st.integers(min_value=0, max_value=20_000))
    maximum = draw(st.one_of(st.just(0), st.integers(min_value=minimum, max_value=50_000)))
    fixed = draw(st.integers(min_value=minimum, max_value=max(minimum, maximum or 50_000)))
    return DepositPolicy(
        kind=draw(st.sampled_from(list(DepositKind))),
        percent_bp=draw(st.integers(min_value=0, max_value=10_000)),
        fixed_amount=fixed,
        minimum=minimum,
        maximum=maximum,
        threshold=draw(st.integers(min_value=0, max_value=100_000)),
        history_count=draw(st.integers(min_value=0, max_value=3)),
    )


@given(policies(), items, rules, st.integers(min_value=0, max_value=5))
def test_deposit_amount_properties(policy, booked, client_rule, missed):
    decision = decide(booked, client_rule, missed, policy)
    total = sum(item.price for item in booked)
    assert 0 <= decision.amount <= max(total, 0)
    assert bool(decision.reasons) == (decision.amount > 0)
    if decision.amount:
        assert decision.amount <= total
        if policy.maximum:
            assert decision.amount <= policy.maximum
        assert decision.amount >= min(policy.minimum, total)
        if policy.kind != DepositKind.FIXED:
            expected = max(percent_of(total, policy.percent_bp), policy.minimum)
            if policy.maximum:
                expected = min(expected, policy.maximum)
            assert decision.amount == min(expected, total)
        else:
            assert decision.amount == min(policy.fixed_amount, total)
        assert all(reason.strip() for reason in decision.reasons)
    if client_rule == DepositRule.NEVER and not (0 < policy.history_count <= missed):
        assert decision.amount == 0


@given(policies(), items, st.integers(min_value=0, max_value=5))
def test_client_always_means_a_deposit_whenever_there_is_an_amount(policy, booked, missed):
    decision = decide(booked, DepositRule.ALWAYS, missed, policy)
    total = sum(item.price for item in booked)
    if total > 0 and decision.amount == 0:
        # Only an amount rule that yields nothing can leave it at zero.
        if policy.kind == DepositKind.FIXED:
            assert policy.fixed_amount == 0
        else:
            assert max(percent_of(total, policy.percent_bp), policy.minimum) == 0
    if decision.amount:
        assert "every booking" in decision.reasons[0]


@given(policies(), items, rules, st.integers(min_value=0, max_value=5))
def test_explanation_lists_every_reason(policy, booked, client_rule, missed):
    decision = decide(booked, client_rule, missed, policy)
    for reason in decision.reasons:
        assert reason in decision.explanation
