"""``planner score``: the prioritised account list (CSV) with tiers and reasons, and the model's backtest.

Weights and the tier rule are read before any data is loaded, so a typo fails in
a second with a one-line message instead of after the scoring.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.export import write_csv
from planner.schema import Account, Score
from planner.scoring import TierRule, Weights, prepare
from planner.serialize import to_jsonable

if TYPE_CHECKING:
    from planner.scoring import ScoreResult


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "score",
        help=summary,
        description="Learn revenue potential and win probability from closed deals, score every account, "
        "weigh the components into a 0-100 priority with tiers A-D and plain-words reasons.",
    )
    add_data_arguments(parser, reps=False)
    parser.add_argument(
        "--weights",
        default=str(Weights()),
        help="component weights, e.g. potential=0.4,fit=0.4,market=0.2 (normalised to sum to 1)",
    )
    parser.add_argument(
        "--tiers",
        default="quantile",
        help="'quantile' (A top 10%%, B next 20%%, C next 30%%, D rest) or 'top:N' (each rep's N best are A, "
        "the next N B, the next N C)",
    )
    parser.add_argument("--out", type=Path, help="write the prioritised list to this CSV (Excel/CRM-safe)")
    parser.add_argument("--top", type=int, default=15, help="accounts to print (default 15)")
    parser.add_argument(
        "--no-lookalike", action="store_true", help="do not blend similarity to the best-fit profile into fit"
    )
    parser.add_argument("--no-backtest", action="store_true", help="skip the time-ordered backtest")
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    weights = Weights.parse(args.weights)
    tiers = TierRule.parse(args.tiers)
    models = prepare()  # scikit-learn loads while the export is read
    workspace = load_workspace(args)
    models.join()
    result = workspace.score(weights, tiers, lookalike=not args.no_lookalike, backtest=not args.no_backtest)
    if args.out:
        write_csv(result.export_frame(), args.out)
    if args.json:
        print_json({"out": str(args.out) if args.out else None, **to_jsonable(result.summary(args.top))})
    else:
        print_summary(result, args.top, args.out)
    return 0


def print_summary(result: ScoreResult, top: int, out: Path | None) -> None:
    summary = result.summary(top)
    tiers = ", ".join(f"{tier} {count:,}" for tier, count in summary.tier_counts.items())
    print(
        f"{summary.accounts:,} accounts scored, weighing {result.weights.describe()}; "
        f"tiers ({summary.tiers}): {tiers}"
    )
    backtest = summary.backtest
    if backtest is not None:
        print(
            f"Backtest ({backtest.split}): AUC {backtest.auc:.3f} "
            f"(gradient boosting {backtest.reference_auc:.3f}), "
            f"top-decile lift {backtest.lift_top_decile:.2f}x on {backtest.n_test:,} newer deals"
        )
    print()
    for rank, row in enumerate(summary.top_accounts.itertuples(index=False), start=1):
        record = row._asdict()
        print(
            f"{rank:>3}. [{record[Score.TIER]}] {record[Score.PRIORITY]:5.1f}  {record[Account.NAME]}"
            f" ({record[Account.OWNER] if isinstance(record[Account.OWNER], str) else 'no owner'})"
            f" - {record[Score.REASONS]}"
        )
    if out:
        print(f"\nWrote {summary.accounts:,} rows to {out}")
