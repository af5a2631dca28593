"""Coaching fixtures: demo and Maven workspaces (loaded once), a small synthetic team with known gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.schema import (
    ACCOUNTS,
    LOST,
    OPEN,
    OPPORTUNITIES,
    PIPELINE_STAGES,
    REPS,
    WON,
    Account,
    Opportunity,
    Rep,
)
from planner.workspace import Workspace

AS_OF = pd.Timestamp("2026-06-30")
TEAM_LOSS_STAGES = (0.3, 0.3, 0.25, 0.15)


def synthetic_team(
    *,
    reps: tuple[str, ...] = ("Ann Lee", "Bo Chan", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray"),
    deals_per_rep: int = 160,
    staller: str | None = None,
    stall_stage: str = "Proposal",
    weak: str | None = None,
    thin: str | None = None,
    countries: tuple[str, ...] = ("United States",),
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Accounts, opportunities and reps in canonical columns with planted gaps.

    ``staller`` loses 75% of deals at ``stall_stage``; ``weak`` wins 8% instead of
    30% (spread over all stages); ``thin`` has a tenth of the open pipeline.
    """
    rng = np.random.default_rng(seed)
    industries = np.array(["Healthcare", "Retail", "Technology", "Government"])
    accounts_rows, deal_rows = [], []
    for r, rep in enumerate(reps):
        for a in range(20):
            accounts_rows.append(
                {
                    Account.ID: f"A{r:02d}{a:02d}",
                    Account.NAME: f"{rep.split()[0]} Account {a}",
                    Account.INDUSTRY: industries[a % 4],
                    Account.EMPLOYEES: float(100 * (a + 1)),
                    Account.COUNTRY: countries[a % len(countries)],
                    Account.REGION: "Northeast",
                    Account.OWNER: rep,
                }
            )
        for d in range(deals_per_rep):
            account = f"A{r:02d}{rng.integers(20):02d}"
            win_p = 0.08 if rep == weak else 0.30
            open_p = 0.02 if rep == thin else 0.2
            draw = rng.random()
            outcome = OPEN if draw < open_p else (WON if draw < open_p + (1 - open_p) * win_p else LOST)
            created = AS_OF - pd.Timedelta(days=int(rng.integers(5, 330)))
            cycle = int(rng.integers(20, 120))
            closed = created + pd.Timedelta(days=cycle)
            if outcome != OPEN and closed > AS_OF:
                closed = AS_OF
            lost_at = None
            if outcome == LOST:
                lost_at = str(rng.choice(PIPELINE_STAGES, p=TEAM_LOSS_STAGES))
                if rep == staller and rng.random() < 0.75:
                    lost_at = stall_stage
            stage = {WON: "Closed Won", LOST: "Closed Lost"}.get(outcome) or str(rng.choice(PIPELINE_STAGES))
            deal_rows.append(
                {
                    Opportunity.ID: f"O{r:02d}{d:04d}",
                    Opportunity.ACCOUNT_ID: account,
                    Opportunity.OWNER: rep,
                    Opportunity.PRODUCT: "Pro" if d % 3 else "Starter",
                    Opportunity.STAGE: stage,
                    Opportunity.OUTCOME: outcome,
                    Opportunity.AMOUNT: float(1000 + 100 * (d % 10)),
                    Opportunity.CREATED: created,
                    Opportunity.CLOSED: closed if outcome != OPEN else AS_OF + pd.Timedelta(days=30),
                    Opportunity.LOST_AT_STAGE: lost_at,
                    Opportunity.CYCLE_DAYS: float(cycle) if outcome != OPEN else np.nan,
                }
            )
    accounts = _canonical(pd.DataFrame(accounts_rows), ACCOUNTS.names)
    opportunities = _canonical(
        pd.DataFrame(deal_rows), [*OPPORTUNITIES.names, Opportunity.OUTCOME, Opportunity.CYCLE_DAYS]
    )
    reps_frame = _canonical(
        pd.DataFrame(
            {
                Rep.NAME: list(reps),
                Rep.MANAGER: ["Maya Boss"] * len(reps),
                Rep.QUOTA: [200_000.0] * len(reps),
            }
        ),
        REPS.names,
    )
    return accounts, opportunities, reps_frame


def _canonical(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        if column not in frame:
            frame[column] = pd.NA
    return frame[columns]


@pytest.fixture(scope="session")
def demo_workspace() -> Workspace:
    return Workspace.demo()


@pytest.fixture(scope="session")
def demo_inputs(demo_workspace):
    """Coaching inputs on the demo with the ideal profile and the scores (computed once)."""
    return demo_workspace.coaching(scored=demo_workspace.score(backtest=False))


@pytest.fixture(scope="session")
def maven_workspace() -> Workspace:
    from tests.conftest import shared_dataset

    folder = shared_dataset("maven-crm")
    return Workspace.from_files(
        accounts=folder / "accounts.csv",
        opportunities=folder / "sales_pipeline.csv",
        reps=folder / "sales_teams.csv",
        label="Maven CRM",
    )
