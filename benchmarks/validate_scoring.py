"""Validate the scoring models on public and demo data: time-ordered backtests against gradient boosting.

Run: ``python benchmarks/validate_scoring.py`` (about a minute on 2 cores).

1. Fit score (win probability from firmographics only) on the IBM Sales Win Loss data
   (``../shared/datasets/ibm-sales-win-loss``) and on the demo: ROC AUC, top-decile lift,
   Brier score and the calibration table on the newer 25% of deals, next to a
   HistGradientBoostingClassifier on the same split and features.
2. Potential model (ridge on log amount) vs HistGradientBoostingRegressor on the demo's
   won deals, same time-ordered split: R^2 of log amount and the error of the total.

IBM has no dates. ``Opportunity Number`` is used as the time order: CRM numbers are
handed out as opportunities are created, so low numbers are older deals. Its
firmographic columns are the product bought (Supplies Group / Subgroup: what the
client came for, known when the deal is opened), Region, Client Size By Revenue, Client
Size By Employee Count and Revenue From Client Past Two Years (the relationship before
this deal). Two more columns are judged process fields and left out of the main run:
``Route To Market`` (the channel the seller chooses to work the deal: field sales,
reseller, telesales; it is how we sell, not who the client is) and ``Competitor Type``
(found out during the sales cycle: "Known" competitor is learned in discovery). Their
effect is shown as a sensitivity line, as is the leakage of the stage/day counters.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import r2_score

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from planner.schema import WON, Opportunity  # noqa: E402
from planner.scoring.backtest import BacktestResult, backtest, backtest_deals  # noqa: E402
from planner.scoring.features import ACCOUNT_FEATURES, FeatureSpec  # noqa: E402
from planner.scoring.model import closed_deal_features  # noqa: E402
from planner.scoring.potential import PotentialModel  # noqa: E402
from planner.workspace import Workspace  # noqa: E402

IBM = REPO.parent / "shared" / "datasets" / "ibm-sales-win-loss" / "WA_Fn-UseC_-Sales-Win-Loss.csv"
IBM_FIRMOGRAPHICS = (
    "Supplies Group",
    "Supplies Subgroup",
    "Region",
    "Client Size By Revenue",
    "Client Size By Employee Count",
    "Revenue From Client Past Two Years",
)
IBM_PROCESS = ("Route To Market", "Competitor Type")
IBM_COUNTERS = (
    "Elapsed Days In Sales Stage",
    "Sales Stage Change Count",
    "Total Days Identified Through Closing",
    "Total Days Identified Through Qualified",
    "Ratio Days Identified To Total Days",
    "Ratio Days Validated To Total Days",
    "Ratio Days Qualified To Total Days",
)


def print_backtest(result: BacktestResult, seconds: float) -> None:
    print(f"  {result.split}; {result.n_train:,} train / {result.n_test:,} test deals, {seconds:.1f} s")
    print(f"  features: {', '.join(result.features)}")
    print(
        f"  ROC AUC {result.auc:.3f} (gradient boosting {result.reference_auc:.3f}) | "
        f"top-decile lift {result.lift_top_decile:.2f}x (GBM {result.reference_lift_top_decile:.2f}x) | "
        f"Brier {result.brier:.4f} | test win rate {result.test_win_rate:.1%}"
    )
    print("  calibration (decile: deals, predicted -> observed):")
    for row in result.calibration.itertuples(index=False):
        predicted, observed = row.predicted_win_rate, row.observed_win_rate
        print(f"    {row.decile:>2}: {row.deals:>6,}  {predicted:6.1%} -> {observed:6.1%}")


def ibm_deals() -> tuple[pd.DataFrame, np.ndarray]:
    frame = pd.read_csv(IBM, keep_default_na=False)
    frame = frame.drop_duplicates().sort_values("Opportunity Number", kind="stable").reset_index(drop=True)
    columns = {c: frame[c].astype(str).astype("string") for c in (*IBM_FIRMOGRAPHICS, *IBM_PROCESS)}
    columns |= {c: frame[c].astype(float) for c in IBM_COUNTERS}
    return pd.DataFrame(columns), (frame["Opportunity Result"] == "Won").to_numpy()


def validate_ibm() -> None:
    if not IBM.is_file():
        print(f"IBM Sales Win Loss not found at {IBM}; skipped")
        return
    deals, won = ibm_deals()
    split = "first 75% by Opportunity Number (creation order) vs the newest 25%"
    runs = [
        ("firmographics only (the product's fit score)", FeatureSpec(categorical=IBM_FIRMOGRAPHICS)),
        (
            "sensitivity: + Route To Market, Competitor Type",
            FeatureSpec(categorical=IBM_FIRMOGRAPHICS + IBM_PROCESS),
        ),
        (
            "leakage check: + stage/day counters (known only at close)",
            FeatureSpec(categorical=IBM_FIRMOGRAPHICS + IBM_PROCESS, numeric=IBM_COUNTERS),
        ),
    ]
    for title, spec in runs:
        start = time.perf_counter()
        result = backtest(deals, won, spec, label="IBM Sales Win Loss", split_text=split)
        print(f"\nIBM Sales Win Loss ({len(deals):,} deals after removing exact duplicates) - {title}")
        print_backtest(result, time.perf_counter() - start)


def validate_demo(workspace: Workspace) -> None:
    start = time.perf_counter()
    result = backtest_deals(workspace.accounts, workspace.opportunities, label="demo")
    print(f"\nDemo data - fit score (firmographics: {', '.join(ACCOUNT_FEATURES.columns)})")
    print_backtest(result, time.perf_counter() - start)


def validate_potential(workspace: Workspace) -> None:
    """Ridge-on-bands potential vs a gradient-boosting regressor, on newer won deals."""
    deals = closed_deal_features(workspace.accounts, workspace.opportunities)
    won = deals[(deals[Opportunity.OUTCOME] == WON) & (deals[Opportunity.AMOUNT] > 0)].reset_index(drop=True)
    cut = round(len(won) * 0.75)
    train, test = won.iloc[:cut], won.iloc[cut:]
    target = np.log(test[Opportunity.AMOUNT].to_numpy())
    model = PotentialModel().fit(train, train[Opportunity.AMOUNT])
    ours = model.predict(model.encode(test))
    features = list(ACCOUNT_FEATURES.columns)

    def raw(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[features].copy()
        for column in ACCOUNT_FEATURES.categorical:
            out[column] = out[column].astype("string").fillna("Unknown").astype("category")
        return out

    gbm = HistGradientBoostingRegressor(
        categorical_features="from_dtype", random_state=0, early_stopping=True
    )
    gbm.fit(raw(train), np.log(train[Opportunity.AMOUNT].to_numpy()))
    theirs_log = gbm.predict(raw(test))
    smear = np.mean(np.exp(np.log(train[Opportunity.AMOUNT].to_numpy()) - gbm.predict(raw(train))))
    total = test[Opportunity.AMOUNT].sum()
    print(
        f"\nDemo data - potential (expected won deal), {len(train):,} older / {len(test):,} newer won deals"
    )
    print(
        f"  ridge on bands: R^2 of log amount {r2_score(target, model.decision(model.encode(test))):.3f}, "
        f"predicted total / actual {ours.sum() / total:.3f}"
    )
    print(
        f"  gradient boosting: R^2 of log amount {r2_score(target, theirs_log):.3f}, "
        f"predicted total / actual {(np.exp(theirs_log) * smear).sum() / total:.3f}"
    )


def main() -> int:
    validate_ibm()
    workspace = Workspace.demo()
    validate_demo(workspace)
    validate_potential(workspace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
