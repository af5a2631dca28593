import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import InputError
from planner.schema import Account, Score
from planner.scoring.priority import (
    TierRule,
    Weights,
    assign_tiers,
    percentile_rank,
    priority_score,
    rank,
    top_n,
)


def _components(n: int = 1000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            Account.OWNER: pd.Series(rng.choice(["Ann", "Bo", "Cy"], n), dtype="string"),
            Score.POTENTIAL_PCT: rng.random(n),
            Score.FIT_PCT: rng.random(n),
            Score.MARKET_PCT: rng.random(n),
        }
    )


def test_weights_parse_and_normalise():
    weights = Weights.parse("potential=2, fit=1;market=1")
    assert np.allclose(weights.as_array(), [0.5, 0.25, 0.25])
    assert Weights.parse("fit=1") == Weights(potential=0, fit=1, market=0)
    assert str(Weights()) == "potential=0.4,fit=0.4,market=0.2"


def test_weights_describe_the_shares_they_become():
    assert Weights(1, 1, 0.5).describe() == "40% potential, 40% fit, 20% market"
    assert Weights(0, 3, 0).describe() == "100% fit", "a zero weight is left out"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "no weights"),
        ("potential", "cannot read"),
        ("size=0.5", "cannot read"),
        ("fit=abc", "not a number"),
        ("fit=-1", "non-negative"),
        ("fit=0,market=0", "above zero"),
    ],
)
def test_bad_weights_say_what_to_write(text, words):
    with pytest.raises(InputError, match=words) as error:
        Weights.parse(text)
    assert "potential" in str(error.value)


def test_tier_rule_parse():
    assert TierRule.parse("quantile").kind == "quantile"
    assert TierRule.parse("TOP:25") == TierRule(kind="top", per_rep=25)
    for bad in ("top", "top:0", "deciles"):
        with pytest.raises(InputError, match="tier rule"):
            TierRule.parse(bad)


def test_priority_is_the_weighted_percentile_on_0_to_100():
    components = _components()
    only_fit = priority_score(components, Weights(0, 1, 0))
    assert np.allclose(only_fit, 100 * components[Score.FIT_PCT])
    mixed = priority_score(components, Weights())
    assert mixed.min() >= 0 and mixed.max() <= 100


def test_quantile_tiers_follow_the_shares():
    tiers = assign_tiers(np.arange(1000.0), TierRule())
    counts = pd.Series(tiers).value_counts()
    assert (counts["A"], counts["B"], counts["C"], counts["D"]) == (100, 200, 300, 400)
    # The best account is A, the worst D.
    assert tiers[999] == "A" and tiers[0] == "D"


def test_top_n_per_rep_tiers_each_book():
    components = _components(300)
    ranked = rank(components, Weights(), TierRule(kind="top", per_rep=10))
    for _, book in ranked.groupby(Account.OWNER):
        ordered = book.sort_values(Score.PRIORITY, ascending=False)[Score.TIER].astype(str).tolist()
        assert ordered[:10] == ["A"] * 10 and ordered[10:20] == ["B"] * 10 and ordered[20:30] == ["C"] * 10
        assert set(ordered[30:]) == {"D"}


def test_reweighting_changes_the_order():
    components = _components()
    by_fit = rank(components, Weights(0, 1, 0))[Score.PRIORITY].to_numpy()
    by_potential = rank(components, Weights(1, 0, 0))[Score.PRIORITY].to_numpy()
    assert top_n(by_fit, 1)[0] == components[Score.FIT_PCT].idxmax()
    assert top_n(by_potential, 1)[0] == components[Score.POTENTIAL_PCT].idxmax()


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=200), st.integers(0, 250))
def test_top_n_matches_a_full_sort(values, n):
    priority = np.array(values)
    expected = np.sort(priority)[::-1][: min(n, len(priority))]
    assert np.array_equal(priority[top_n(priority, n)], expected)


def test_percentile_rank_handles_ties_and_missing():
    ranks = percentile_rank(np.array([1.0, 1.0, 3.0, np.nan, 2.0]))
    assert list(ranks) == [pytest.approx(1 / 6), pytest.approx(1 / 6), 1.0, 0.0, pytest.approx(2 / 3)]
