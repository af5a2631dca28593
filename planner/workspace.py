"""The one door both faces (CLI and app) use: validated tables plus the pipeline steps.

A ``Workspace`` is immutable. Its ``version`` is a content hash computed on
first use, so every cache (Streamlit's, or a caller's) keys on
``version`` plus the step's arguments and can never serve a result computed on
other data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
import pyarrow as pa

from planner.errors import InputError
from planner.ingest import IngestReport, Overrides, Source, ingest_tables
from planner.paths import MARKET_REFERENCE, default_dataset_dir, default_dataset_label
from planner.schema import LOST, WON, Account, Opportunity, Score

# The capabilities (scikit-learn, SciPy, OR-Tools...) are imported inside the steps that use them:
# the app's first page needs ingest only and must load in well under 3 s.
if TYPE_CHECKING:
    from planner.coaching import CoachingBrief, CoachingInputs, TeamCoaching
    from planner.icp import IcpResult
    from planner.scoring import BacktestResult, FittedScores, ScoreResult, TierRule, Weights
    from planner.storage import Store
    from planner.territories import TerritoryPlan
    from planner.territories import Weights as TerritoryWeights

T = TypeVar("T")

# What a caller may pass for a file: a path, ``(file name, bytes)`` from an upload, or a ``Source``.
FileLike = str | Path | tuple[str, bytes] | Source


def content_version(*frames: pd.DataFrame | None) -> str:
    """A short hash of every cell, column name and dtype of the given frames.

    The frame's Arrow form (the bytes of every value) is hashed directly: at a million
    accounts that is a fifth of a second, where hashing each cell with pandas first took a
    second. Frames Arrow cannot hold (columns of mixed Python objects) are hashed by pandas.
    Each column is first laid out as one array from offset 0: chunks (a large CSV read, a
    concat) and slices (a filtered frame) are memory layout, and Arrow writes them differently.
    """
    digest = hashlib.sha256()
    for frame in frames:
        if frame is None:
            digest.update(b"<none>")
            continue
        digest.update("|".join(map(str, frame.columns)).encode())
        try:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = pa.table([_contiguous(column) for column in table.columns], schema=table.schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
            continue
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as stream:
            stream.write_table(table)
        digest.update(memoryview(sink.getvalue()))
    return digest.hexdigest()[:16]


def _contiguous(column: pa.ChunkedArray) -> pa.Array:
    """The column as one freshly laid out array (concatenation copies even a single slice)."""
    return pa.concat_arrays(column.chunks) if column.num_chunks else pa.array([], column.type)


@dataclass(frozen=True, eq=False)
class Workspace:
    """Validated accounts, opportunities, reps (and optional market table) of one dataset."""

    accounts: pd.DataFrame
    opportunities: pd.DataFrame
    reps: pd.DataFrame
    market: pd.DataFrame | None = None
    report: IngestReport | None = None
    label: str = "data"
    _memo: dict[Hashable, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def version(self) -> str:
        """The content hash every cache keys on, computed on first use.

        Only caches need it: a CLI run that scores a million accounts once would pay up to a
        second for a hash nobody reads.
        """
        return self._once(
            "version", lambda: content_version(self.accounts, self.opportunities, self.reps, self.market)
        )

    def _once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Compute a step once per workspace: the tables never change, so neither does the result.

        Briefs, plans and scores all need the ideal profile and the fitted models; without this the
        CLI and the app would refit them for every step that builds on them.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    @classmethod
    def from_files(
        cls,
        *,
        accounts: FileLike | None = None,
        opportunities: FileLike | None = None,
        reps: FileLike | None = None,
        market: FileLike | None = None,
        overrides: Overrides | None = None,
        label: str | None = None,
    ) -> Workspace:
        """Ingest a CRM export (paths or uploaded bytes); raises ``InputError`` when it cannot be used."""
        sources = {
            name: None if value is None else Source.of(value)
            for name, value in (
                ("accounts", accounts),
                ("opportunities", opportunities),
                ("reps", reps),
                ("market", market),
            )
        }
        ingested = ingest_tables(**sources, overrides=overrides)
        names = ", ".join(s.name for s in sources.values() if s is not None)
        return cls(
            ingested.accounts,
            ingested.opportunities,
            ingested.reps,
            ingested.market,
            ingested.report,
            label=label or names,
        )

    @classmethod
    def demo(cls, overrides: Overrides | None = None) -> Workspace:
        """The dataset the app opens on: the bundled demo, read through the same ingest as uploads.

        ``PLANNER_DATASET_DIR`` points it at another folder with the same file names
        (accounts.csv, opportunities.csv, reps.csv and optionally market.csv), e.g. a nightly CRM export.
        """
        folder = default_dataset_dir()
        market = folder / "market.csv"
        return cls.from_files(
            accounts=folder / "accounts.csv",
            opportunities=folder / "opportunities.csv",
            reps=folder / "reps.csv",
            market=market if market.is_file() else MARKET_REFERENCE if MARKET_REFERENCE.is_file() else None,
            overrides=overrides,
            label=default_dataset_label(),
        )

    def score(
        self,
        weights: Weights | str | None = None,
        tiers: TierRule | str | None = None,
        *,
        lookalike: bool | pd.Series = True,
        backtest: bool = True,
    ) -> ScoreResult:
        """Prioritised accounts and segments (``planner.scoring``); the best profile's lookalike feeds fit."""
        from planner.scoring import TierRule, Weights

        # The backtest reads only the closed deals: it runs on another core while every account is scored.
        with ThreadPoolExecutor(max_workers=1) as pool:
            validation = pool.submit(self.backtest) if backtest else None
            fitted = self.fit_scores(lookalike=lookalike)
            return fitted.weigh(
                Weights.parse(weights) if isinstance(weights, str) else weights or Weights(),
                TierRule.parse(tiers) if isinstance(tiers, str) else tiers,
                backtest=None if validation is None else validation.result(),
            )

    def fit_scores(self, *, lookalike: bool | pd.Series = True) -> FittedScores:
        """The slow half of scoring (models fitted, components scored); ``.weigh(...)`` is the instant half.

        ``lookalike``: True computes the best profile's similarity, a Series passes one already computed.
        """
        from planner.scoring import fit_scores

        def compute(similarity: pd.Series | None) -> FittedScores:
            return fit_scores(self.accounts, self.opportunities, lookalike=similarity, reference=self.market)

        if isinstance(lookalike, pd.Series):
            return compute(lookalike)
        if lookalike:
            return self._once(("fit_scores", True), self._fit_beside_profile)
        return self._once(("fit_scores", False), lambda: compute(None))

    def _fit_beside_profile(self) -> FittedScores:
        """The fit blended with the best profile, the profile found on another core meanwhile.

        The two are independent until the blend (the profile reads the closed deals, the models score
        every account), and both spend their time in code that releases the GIL.
        """
        with ThreadPoolExecutor(max_workers=1) as pool:
            similarity = pool.submit(self.best_profile_similarity)
            return self.fit_scores(lookalike=False).with_lookalike(similarity.result())

    def backtest(self, train_share: float = 0.75) -> BacktestResult:
        """Time-ordered backtest of the fit score on the closed deals (older train, newer test)."""
        from planner.scoring import backtest_deals

        return self._once(
            ("backtest", train_share),
            lambda: backtest_deals(
                self.accounts, self.opportunities, train_share=train_share, label=self.label
            ),
        )

    def ideal_profile(self, k: int | None = None, seed: int = 0) -> IcpResult:
        """Clusters of closed deals and the best product-market-fit profile (``planner.icp``)."""
        from planner.icp import ideal_profile

        return self._once(
            ("ideal_profile", k, seed),
            lambda: ideal_profile(self.accounts, self.opportunities, k=k, seed=seed),
        )

    def best_profile_similarity(self) -> pd.Series | None:
        """Each account's similarity to the best-fit profile, or None when no profile can be found.

        The profile is learned from the accounts that have deals only (the same profile, found
        without joining every prospect of a million-account book), then applied to all accounts.
        """
        from planner.icp import ideal_profile

        def compute() -> pd.Series | None:
            deal_accounts = self.opportunities[Opportunity.ACCOUNT_ID].dropna().unique()
            with_deals = self.accounts[Account.ID].isin(deal_accounts)
            try:
                profile = ideal_profile(self.accounts[with_deals], self.opportunities, stability_resamples=0)
            except InputError:
                return None
            return profile.lookalike(self.accounts)

        return self._once("best_profile_similarity", compute)

    def coaching(
        self, *, scored: ScoreResult | None = None, profile: IcpResult | None = None
    ) -> CoachingInputs:
        """Coaching inputs prepared once (``planner.coaching``); reuse them for many briefs and the team view.

        Without ``profile`` the ideal profile is computed (no stability resamples); when none can
        be found the briefs say so instead of comparing with it.
        """
        from planner.coaching import coaching_inputs

        return coaching_inputs(
            self.accounts,
            self.opportunities,
            self.reps,
            scored_accounts=scored.accounts if scored is not None else None,
            icp=profile if profile is not None else self._quick_profile(),
        )

    def _quick_profile(self) -> IcpResult | None:
        """The ideal profile without stability resamples (coaching needs the card, not its stability)."""
        from planner.icp import ideal_profile

        def compute() -> IcpResult | None:
            try:
                return ideal_profile(self.accounts, self.opportunities, stability_resamples=0)
            except InputError:
                return None

        return self._once("quick_profile", compute)

    def brief(
        self,
        rep: str,
        *,
        store: Store | None = None,
        session_date: dt.date | None = None,
        scored: ScoreResult | None = None,
        profile: IcpResult | None = None,
    ) -> CoachingBrief:
        """A SLED coaching brief for one rep (any case; an unknown name: ``InputError`` with close names).

        Focus accounts are ranked by ``scored`` (computed when not given); ``store`` adds the
        commitments of the rep's previous held session.
        """
        from planner.coaching import rep_names, resolve_rep

        name = resolve_rep(rep_names(self.reps, self.opportunities), rep)  # fail fast, before scoring
        profile = profile if profile is not None else self._quick_profile()
        if scored is None:  # the profile's lookalike feeds fit, computed once for both
            similarity = profile.lookalike(self.accounts) if profile is not None else False
            scored = self.score(lookalike=similarity, backtest=False)
        inputs = self.coaching(scored=scored, profile=profile)
        previous = store.previous_session(name, before=session_date) if store is not None else None
        return inputs.brief(name, previous=previous, session_date=session_date)

    def team_coaching(self, *, profile: IcpResult | None = None) -> TeamCoaching:
        """Every rep side by side with their biggest gap and the coaching type it calls for."""
        return self.coaching(profile=profile).team()

    @property
    def has_closed_deals(self) -> bool:
        """Scoring learns from won and lost deals; without any, a territory plan balances spend or revenue."""
        outcome = self.opportunities.get(Opportunity.OUTCOME)
        return outcome is not None and bool(outcome.isin([WON, LOST]).any())

    def plan_territories(
        self,
        tolerance: float = 0.05,
        scenario: str | None = None,
        weights: TerritoryWeights | None = None,
        *,
        workload_tolerance: float | None = None,
        method: str = "auto",
        time_limit: float = 50.0,
        scored: ScoreResult | None = None,
    ) -> TerritoryPlan:
        """Territory plan over the scored accounts (``planner.territories``).

        Scoring first (``scored``, computed when not given) gives every account its potential
        and tier (hence workload); accounts with open opportunities stay with their owner.
        """
        from planner.territories import build_problem, plan_territories

        if scored is None and not self.has_closed_deals:
            accounts = self.accounts  # no closed deals to score from: the plan balances spend or revenue
        else:
            scored_accounts = (scored if scored is not None else self.score(backtest=False)).accounts
            score_columns = (Score.POTENTIAL, Score.TIER, Score.WORKLOAD)
            wanted = [Account.ID, *(c for c in score_columns if c in scored_accounts.columns)]
            extra = [c for c in wanted[1:] if c in self.accounts.columns]
            accounts = self.accounts.drop(columns=extra).merge(
                scored_accounts[wanted], on=Account.ID, how="left"
            )
        problem = build_problem(accounts, self.reps, self.opportunities)
        return plan_territories(
            problem,
            tolerance=tolerance,
            workload_tolerance=workload_tolerance,
            scenario_name=scenario,
            weights=weights,
            method=method,
            time_limit=time_limit,
        )
