"""``planner backtest``: how well the fit score predicted newer deals when trained on older ones."""

from __future__ import annotations

import argparse

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "backtest",
        help=summary,
        description="Train the fit model on the older closed deals, test it on the newer ones, and compare "
        "with a gradient-boosting reference on the same split.",
    )
    add_data_arguments(parser, reps=False)
    parser.add_argument("--train-share", type=float, default=0.75, help="share of older deals to train on")
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result = load_workspace(args).backtest(train_share=args.train_share)
    if args.json:
        print_json(result)
        return 0
    print(f"{result.label}: {result.split}")
    print(
        f"  train {result.n_train:,} deals (win rate {result.train_win_rate:.1%}), test {result.n_test:,} "
        f"(win rate {result.test_win_rate:.1%})"
    )
    print(f"  ROC AUC            {result.auc:.3f}   (gradient-boosting reference {result.reference_auc:.3f})")
    print(
        f"  top-decile lift    {result.lift_top_decile:.2f}x  "
        f"(reference {result.reference_lift_top_decile:.2f}x)"
    )
    print(f"  Brier score        {result.brier:.4f}")
    print(f"  {result.verdict}")
    print("  calibration by decile of predicted win rate:")
    for row in result.calibration.itertuples(index=False):
        print(
            f"    {row.decile:>2}: {row.deals:>6,} deals, predicted {row.predicted_win_rate:6.1%}, "
            f"observed {row.observed_win_rate:6.1%}"
        )
    return 0
