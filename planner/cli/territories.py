"""``planner territories``: assign accounts to reps within a balance tolerance, with the fewest moves.

Human output is the status line (met / not met and what blocks it), the per-rep
table and the moves with their reasons; ``--json`` prints the whole
``TerritoryPlan`` (metrics include ``potential_cv``, ``workload_cv``,
``moved_accounts``, ``bound_gap``). ``--out`` writes the plan CSV (one row per
account: old owner, new owner, moved, reason, potential, workload). ``--save NAME``
keeps the plan in the store; ``--compare-with NAME`` puts the new plan beside a saved
one (or another preset): team metrics, per-rep deltas, the accounts placed differently
with the reason in each plan.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.common import add_data_arguments, add_json_argument, load_workspace, print_json
from planner.errors import InputError
from planner.export import write_csv
from planner.schema import Account, Score, Territory
from planner.serialize import to_jsonable
from planner.storage import Store
from planner.storage.engine import database_url
from planner.territories import (
    DEFAULT_SCENARIO,
    METHODS,
    SCENARIOS,
    PlanComparison,
    PlanSnapshot,
    TerritoryPlan,
    compare_plans,
)
from planner.territories.scenarios import scenario

if TYPE_CHECKING:
    from planner.workspace import Workspace


def add_parser(subparsers: argparse._SubParsersAction, summary: str) -> None:
    parser = subparsers.add_parser(
        "territories",
        help=summary,
        description="Assign every account to one rep so potential and workload per rep are within the "
        "tolerance of the team mean, capacity and locks (open opportunities) are respected, geography stays "
        "compact and as few accounts as possible move. Exact MILP when small, LP column generation with a "
        "proven bound when large.",
    )
    add_data_arguments(parser)
    parser.add_argument(
        "--tolerance", type=float, default=0.05, help="allowed deviation from the team mean (default 0.05)"
    )
    parser.add_argument(
        "--workload-tolerance", type=float, help="separate tolerance for workload (default: --tolerance)"
    )
    parser.add_argument(
        "--scenario", default=DEFAULT_SCENARIO, help=f"objective preset: {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--method", choices=METHODS, default="auto", help="solver (default auto)")
    parser.add_argument("--time-limit", type=float, default=50.0, help="solver time limit in seconds")
    parser.add_argument("--out", type=Path, help="write the plan (one row per account) to this CSV")
    parser.add_argument(
        "--save", metavar="NAME", help="save the plan as a named scenario in the planner store"
    )
    parser.add_argument(
        "--replace", action="store_true", help="with --save: overwrite a scenario already saved under NAME"
    )
    parser.add_argument(
        "--compare-with",
        metavar="NAME",
        help="compare the plan with a saved scenario of that name (or another preset scenario): "
        "per-rep deltas and the accounts placed differently, with reasons",
    )
    parser.add_argument(
        "--db", help="database URL for --save and --compare-with (default: the planner's local store)"
    )
    add_json_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.tolerance < 1:
        raise InputError(f"--tolerance must be between 0 and 1 (got {args.tolerance}).", hint="E.g. 0.05.")
    scenario(args.scenario)  # an unknown name fails before the data is read
    saved = _saved(args) if args.compare_with else None  # so does an unknown scenario to compare with
    if args.save and not args.replace:
        _refuse_taken_name(args)  # and a name already saved, before minutes of optimising
    workspace = load_workspace(args)
    if workspace.reps.empty:
        raise InputError("there are no reps to assign accounts to.", hint="Pass --reps FILE (or --demo).")
    plan = _plan(workspace, args, args.scenario)
    if args.out:
        write_csv(plan.export_frame(), args.out)
    if args.save:
        Store(database_url(args.db)).save_scenario(
            args.save,
            plan.export_frame(),
            parameters=plan.parameters(),
            metrics=plan.metrics,
        )
    comparison = None
    if args.compare_with:
        other = saved or _plan(workspace, args, args.compare_with)
        comparison = compare_plans(other, plan)
    if args.json:
        print_json(to_jsonable(plan) | ({"comparison": to_jsonable(comparison)} if comparison else {}))
    else:
        _print_plan(plan, args.out)
        if comparison is not None:
            _print_comparison(comparison)
    return 0


def _plan(workspace: Workspace, args: argparse.Namespace, scenario_name: str) -> TerritoryPlan:
    return workspace.plan_territories(
        args.tolerance,
        scenario_name,
        workload_tolerance=args.workload_tolerance,
        method=args.method,
        time_limit=args.time_limit,
    )


def _refuse_taken_name(args: argparse.Namespace) -> None:
    """Saving never overwrites a saved plan unasked (as on the app's Saved tab)."""
    saved = Store(database_url(args.db)).list_scenarios()
    taken = next((item for item in saved if item.name == args.save.strip()), None)
    if taken is not None:
        raise InputError(
            f"a scenario named '{taken.name}' is already saved ({taken.created_at:%d %b %Y %H:%M}).",
            hint="Add --replace to overwrite it, or choose another --save name.",
        )


def _saved(args: argparse.Namespace) -> PlanSnapshot | None:
    """The saved scenario named by --compare-with; None when it names a preset instead."""
    store = Store(database_url(args.db))
    names = [s.name for s in store.list_scenarios()]
    match = next((n for n in names if n.lower() == args.compare_with.strip().lower()), None)
    if match is not None:
        return PlanSnapshot.of_saved(store.load_scenario(match))
    if any(name.lower() == args.compare_with.strip().lower() for name in SCENARIOS):
        return None
    raise InputError(
        f"there is no saved scenario or preset named '{args.compare_with}'.",
        hint=f"Saved: {', '.join(names) or 'none yet (save one with --save NAME)'}; "
        f"presets: {', '.join(SCENARIOS)}.",
    )


def _print_plan(plan: TerritoryPlan, out: Path | None) -> None:
    m = plan.metrics
    print(f"{plan.scenario}: {plan.status}. {plan.message}")
    print(
        f"potential CV {m.potential_cv:.3f}, workload CV {m.workload_cv:.3f}, moved {m.moved_accounts:,} "
        f"accounts ({100 * m.moved_share:.1f}%; {m.moved_a_tier:,} tier A), solver: {plan.solver}, "
        f"{plan.runtime_s:.1f}s"
    )
    for note in plan.notes:
        print(f"note: {note}")
    columns = [Territory.REP, Territory.ACCOUNTS, Territory.POTENTIAL_INDEX, Territory.WORKLOAD_INDEX]
    print(plan.reps[[*columns, Territory.MOVED_IN, Territory.MOVED_OUT]].round(3).to_string(index=False))
    moves = plan.moves
    if len(moves):
        print(f"\nmoves ({len(moves):,}; first 20):")
        view = moves[[Account.NAME, Territory.OLD_OWNER, Territory.NEW_OWNER, Territory.REASON]]
        print(view.head(20).to_string(index=False))
    if out:
        print(f"\nplan written to {out}")


def _print_comparison(comparison: PlanComparison) -> None:
    print(f"\ncompared with {comparison.left} (change = {comparison.right} minus {comparison.left}):")
    print(comparison.metrics.round(3).to_string(index=False))
    deltas = [f"{column} change" for column in (Score.POTENTIAL, Score.WORKLOAD, Territory.ACCOUNTS)]
    print(comparison.reps[[Territory.REP, *deltas]].round(1).to_string(index=False))
    for count, side in ((comparison.only_left, comparison.left), (comparison.only_right, comparison.right)):
        if count:
            print(f"{count:,} accounts are only in {side} (not compared).")
    changed = comparison.changed
    print(f"\n{len(changed):,} accounts placed differently (first 20):")
    if len(changed):
        print(changed.drop(columns=[Account.ID]).head(20).to_string(index=False))
