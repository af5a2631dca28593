"""The won/lost tree read out as rules."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.icp.features import AttributeSet, attribute_frame
from planner.icp.rules import WinRules
from planner.schema import Account


def test_rules_read_as_conditions_with_win_rates_and_unknowns() -> None:
    rng = np.random.default_rng(0)
    n = 2_000
    industry = rng.choice(["Health", "Retail", "Energy"], n)
    revenue = np.where(rng.random(n) < 0.2, np.nan, rng.lognormal(16, 1, n))
    won = rng.random(n) < np.where(industry == "Health", 0.6, 0.2)
    deals = pd.DataFrame({Account.INDUSTRY: industry, Account.REVENUE: revenue})
    attributes = AttributeSet((Account.INDUSTRY,), (Account.REVENUE,))
    frame = attribute_frame(deals, attributes)
    in_best = industry == "Health"
    summary = (
        WinRules(max_depth=2)
        .fit(frame, won, attributes, in_best, frozenset({(Account.INDUSTRY, "Health")}))
        .summary_
    )
    top = summary.rules[0]
    assert "Industry is Health" in top.conditions
    assert top.text.startswith("IF Industry is Health") and "THEN wins" in top.text
    assert 0.5 < top.win_rate < 0.7 and top.share_in_best_cluster == 1.0
    assert summary.agrees_with_best
    assert sum(r.deals for r in summary.rules) == n
    assert max(summary.importance, key=summary.importance.get) == Account.INDUSTRY
    others = [r for r in summary.rules if "Industry is not Health" in r.conditions]
    assert others and all(r.win_rate < 0.3 for r in others)
