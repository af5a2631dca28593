"""Strategic questions for the session, each built on a figure from the rep's data.

Topics follow a strategic (not deal-by-deal) conversation: target sectors, end
users, prioritisation, support needed, and international barriers, asked
only when the rep's territory spans more than one country.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from planner.coaching.deals import IN_WINDOW, Deals
from planner.coaching.fit_gap import MIN_SEGMENT_DEALS, FitGap
from planner.coaching.focus import FocusAccount
from planner.coaching.performance import Performance
from planner.coaching.stalls import LOST_SIGNAL, StallAnalysis
from planner.coaching.wording import rate
from planner.formatting import money
from planner.formatting import percent as pct
from planner.schema import LOST, UNKNOWN, WON, Account, Opportunity

TARGET_SECTORS: Final = "Target sectors"
END_USERS: Final = "End users"
PRIORITISATION: Final = "Prioritisation"
SUPPORT: Final = "Support needed"
INTERNATIONAL: Final = "International barriers"


@dataclass(frozen=True)
class Question:
    topic: str
    text: str


def strategic_questions(
    deals: Deals,
    rep: str,
    performance: Performance,
    stalls: StallAnalysis,
    fit: FitGap | None,
    focus: list[FocusAccount],
    territory: pd.DataFrame,
) -> list[Question]:
    """The questions the data supports, in the order of a strategic conversation."""
    found = [
        _sectors(performance, fit),
        _end_users(deals, rep, focus),
        _prioritisation(performance),
        _support(performance, stalls),
        _international(deals, rep, territory),
    ]
    return [q for q in found if q is not None]


def _sectors(performance: Performance, fit: FitGap | None) -> Question | None:
    if fit is not None and fit.shift_from is not None and fit.shift_to is not None:
        a, b = fit.shift_from, fit.shift_to
        return Question(
            TARGET_SECTORS,
            f"{pct(a.rep_share)} of your open deals are in {a.segment}, "
            f"where the team wins {pct(a.win_rate)} of its closed deals (all time), "
            f"and {pct(b.rep_share)} in {b.segment}, where it wins {pct(b.win_rate)}. "
            f"Which {b.segment} accounts could you open next quarter?",
        )
    table = performance.by_segment[performance.by_segment["segment"] != UNKNOWN]
    trusted = table[table["closed"] >= MIN_SEGMENT_DEALS].dropna(subset=["team_win_rate"])
    if table.empty or trusted.empty:
        return None
    top = table.iloc[0]
    best = trusted.sort_values("team_win_rate", ascending=False).iloc[0]
    if top["segment"] == best["segment"]:
        return Question(
            TARGET_SECTORS,
            f"Your largest segment, {top['segment']} ({pct(top['share'])} of your open deals), is where the "
            f"team wins most ({pct(best['team_win_rate'])} over the last 12 months). "
            "Which accounts there are you not yet working?",
        )
    return Question(
        TARGET_SECTORS,
        f"Your largest segment is {top['segment']} ({pct(top['share'])} of your open deals); "
        f"the team wins {pct(best['team_win_rate'])} in {best['segment']} over the last 12 months. "
        "Which sectors should get your time next quarter?",
    )


def _end_users(deals: Deals, rep: str, focus: list[FocusAccount]) -> Question | None:
    mine = deals.of(rep)
    in_window = mine[IN_WINDOW] & (mine[Opportunity.OUTCOME] == WON)
    won = mine.loc[in_window, Opportunity.PRODUCT].dropna().astype(str)
    if won.empty:
        return None
    shares = won.value_counts(normalize=True)
    product, share = str(shares.index[0]), float(shares.iloc[0])
    where = f" at {focus[0].name}" if focus else ""
    return Question(
        END_USERS,
        f"{pct(share)} of your {len(won):,} wins in the last 12 months are {product}: "
        f"who uses it day to day{where}, "
        f"and which other teams there have the same need?",
    )


def _prioritisation(performance: Performance) -> Question | None:
    if not performance.open_deals:
        return None
    stages = performance.by_stage[performance.by_stage["deals"] > 0]
    late = stages.iloc[-1] if len(stages) else None
    late_text = f", {late['deals']} of them at {late['stage']}" if late is not None else ""
    return Question(
        PRIORITISATION,
        f"You have {performance.open_deals:,} open deals worth {money(performance.open_pipeline)}"
        f"{late_text}. "
        f"Which three will you close next quarter, and which will you drop to make room?",
    )


def _support(performance: Performance, stalls: StallAnalysis) -> Question | None:
    finding = stalls.one_thing
    if finding is not None:
        e = finding.evidence
        what = (
            f"{pct(e.rate)} of your lost deals in the last 12 months ended at {finding.stage}"
            if finding.signal == LOST_SIGNAL
            else f"{pct(e.rate)} of your open deals have sat at {finding.stage} longer than the team's median"
        )
        return Question(
            SUPPORT,
            f"{what}, vs {pct(e.team_rate)} for the median rep. "
            "What support (pricing approval, a technical expert, an executive sponsor) "
            f"would carry those deals past {finding.stage}?",
        )
    e = performance.win_rate_evidence
    if not e.n:
        return None
    return Question(
        SUPPORT,
        f"You won {e.k:,} of {e.n:,} closed deals in the last 12 months ({rate(e.rate)} vs "
        f"{rate(e.team_rate)} for the rest of the team). "
        f"Which of the losses would more support have changed, and what support?",
    )


def _international(deals: Deals, rep: str, territory: pd.DataFrame) -> Question | None:
    countries = territory[Account.COUNTRY].dropna().astype(str)
    if countries.nunique() < 2:
        return None
    shares = countries.value_counts(normalize=True)
    home = str(shares.index[0])
    spread = ", ".join(f"{c} {pct(s)}" for c, s in shares.head(4).items())
    text = f"Your territory spans {countries.nunique()} countries ({spread})."
    mine = deals.of(rep)
    closed = mine[mine[Opportunity.OUTCOME].isin([WON, LOST])]
    country = closed[Opportunity.ACCOUNT_ID].map(territory.set_index(Account.ID)[Account.COUNTRY])
    abroad = closed[country.notna() & (country.astype("string") != home)]
    at_home = closed[country.astype("string") == home]
    if len(abroad) >= MIN_SEGMENT_DEALS // 2 and len(at_home):
        abroad_rate = float((abroad[Opportunity.OUTCOME] == WON).mean())
        home_rate = float((at_home[Opportunity.OUTCOME] == WON).mean())
        text += f" You win {pct(abroad_rate)} outside {home} ({len(abroad):,} closed deals, all time)"
        text += f" vs {pct(home_rate)} in it."
    return Question(
        INTERNATIONAL,
        text
        + " What barriers (language, currency, contracts, time zones, local partners) slow deals abroad?",
    )
