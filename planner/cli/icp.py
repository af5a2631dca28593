"""``planner icp``: cluster closed deals and print the best product-market-fit profile.

Human output is the profile cards (best first), the rules, the stability check
and the closest lookalike prospects; ``--json`` prints the ``IcpResult`` (clusters, best
profile, rules, stability). ``--out`` writes every non-customer account scored by
similarity to the best profile, for a CRM list import.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.errors import InputError
from planner.export import write_csv
from planner.formatting import money, percent
from planner.icp import IcpResult, lookalike_accounts
from planner.schema import Account, Icp, Score


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "icp",
        help=summary,
        description="Cluster won and lost deals on industry, region, size, product, amount and cycle; "
        "profile each cluster (win rate with 95%% interval, lift, deal size, cycle) and pick the best fit "
        "by its PMF score; check it with a shallow decision tree and bootstrap refits.",
    )
    add_data_arguments(parser, reps=False)
    parser.add_argument("--k", type=int, help="number of clusters (default: chosen automatically)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same clusters)")
    parser.add_argument(
        "--lookalikes", type=int, default=10, help="lookalike prospects to print (default 10; 0 for none)"
    )
    parser.add_argument(
        "--out", type=Path, help="write every non-customer account with its lookalike score to this CSV"
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.k is not None and args.k < 1:
        raise InputError(f"--k must be at least 1 (got {args.k}).")
    workspace = load_workspace(args)
    result = workspace.ideal_profile(k=args.k, seed=args.seed)
    if args.out:
        scored = lookalike_accounts(
            result.lookalike_model, workspace.accounts, workspace.opportunities, top=len(workspace.accounts)
        )
        write_csv(scored, args.out)
    if args.json:
        print_json(result)
        return 0
    print_profiles(result, workspace.label)
    if args.lookalikes > 0:
        top = lookalike_accounts(
            result.lookalike_model, workspace.accounts, workspace.opportunities, top=args.lookalikes
        )
        print("\nProspects that look most like the best profile (non-customers, similarity 0-1):")
        if top.empty:
            print("  none: every account already has a won deal.")
        for row in top.itertuples(index=False):
            record = row._asdict()
            print(
                f"  {record[Score.LOOKALIKE]:.2f}  {record[Account.NAME]}"
                f" ({record[Account.INDUSTRY]}, {record[Account.REGION]}, {record[Account.SIZE_BAND]})"
                f", {record[Icp.OPEN_DEALS]} open deal(s)"
            )
    if args.out:
        print(f"\nWrote lookalike scores of every non-customer account to {args.out}")
    return 0


def print_profiles(result: IcpResult, label: str) -> None:
    overall = result.overall
    rate = f"win rate {percent(overall.win_rate)}" if result.win_rate_available else "no lost deals"
    print(
        f"Ideal profile of {label}: {overall.deals:,} closed deals ({overall.won:,} won, "
        f"{overall.lost:,} lost; {rate}; average won deal {money(overall.average_won_deal)})"
    )
    print(f"Clusters: {result.k_criterion}")
    print(f"\nBEST FIT  {result.best.label} {result.best.card}")
    print(
        f"          PMF score {result.best.pmf_score:.2f}; {result.best.deals:,} deals "
        f"({result.best.share_of_deals:.0%}); revenue won {money(result.best.revenue_won)}"
    )
    print(
        f"\nAll profiles: winning more often than average first, then by PMF score ({result.pmf_definition})"
    )
    for profile in result.ranked():
        marker = "*" if profile.cluster == result.best.cluster else " "
        shown = f"{profile.label:>3} [{profile.pmf_score:4.2f}] {profile.card}"
        print(f" {marker} {shown} ({profile.deals:,} deals)")
    if result.rules is not None:
        print("\nRules (shallow decision tree on won/lost), highest win rate first")
        for rule in result.rules.rules:
            print(f"  {rule.text}")
        print(f"  {result.rules.agreement}")
    print(f"\nStability: {result.stability.summary}")
    for attribute, reason in result.attributes_dropped.items():
        print(f"Note: {attribute} {reason}.")
    for note in result.notes:
        print(f"Note: {note}")
