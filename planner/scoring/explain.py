"""Plain-words reasons: each account's strongest and weakest driver, with the numbers behind them.

A driver is one feature's effect on one component (e.g. industry on fit, employees
on potential), the account's whitespace, its segment's market size or its
similarity to the best-fit profile. Each driver's strength is its effect in units
of its component's spread, times the user's weight for that component, so the
reasons move with the sliders. Text is built per level (a few dozen strings) and
gathered with numpy indexing; only per-account numbers (employees, spend) are
formatted per row, and only for the rows whose reason quotes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.schema import ACCOUNTS, UNKNOWN, Account, Score, SegmentStats
from planner.scoring.features import OTHER, FeatureSpec, format_amount
from planner.scoring.model import Components, LevelStats, ScoreModel
from planner.scoring.priority import Weights

# Standard deviation of a uniform 0..1 percentile: puts percentile drivers on the same scale as model effects.
PERCENTILE_SPREAD = 0.2887


@dataclass(frozen=True)
class Driver:
    """One candidate reason: its strength per row and how to word it for chosen rows."""

    strength: np.ndarray
    words: Callable[[np.ndarray], np.ndarray]


def _column_name(column: str) -> str:
    labels = {c.name: c.label for c in ACCOUNTS.columns}
    return labels.get(column, column).lower()


def level_label(spec: FeatureSpec, column: str, level: str) -> str:
    """How a level reads in a sentence: 'Healthcare', '200-999 employees', 'Other industry'."""
    if level in (OTHER, UNKNOWN):
        return f"{level} {_column_name(column)}"
    if column in spec.band_formats:
        return spec.band_formats[column].format(band=level)
    return level


def win_rate_words(spec: FeatureSpec, levels: list[np.ndarray], stats: LevelStats) -> list[np.ndarray]:
    """Per feature, per level: 'Healthcare wins 41% of 230 deals vs 23% overall'."""
    tables = []
    for column, names, deals, rate in zip(spec.columns, levels, stats.deals, stats.value, strict=True):
        texts = [
            f"{level_label(spec, column, name)} wins {r:.0%} of {n:,.0f} deals vs {stats.overall:.0%} overall"
            if n > 0
            else f"{level_label(spec, column, name)}: no closed deals to learn from"
            for name, n, r in zip(names, deals, rate, strict=True)
        ]
        tables.append(np.array(texts, dtype=object))
    return tables


def deal_size_words(spec: FeatureSpec, levels: list[np.ndarray], stats: LevelStats) -> list[np.ndarray]:
    """Per feature, per level: 'Retail deals average $30k vs $41k overall'; numbers get only the
    ': deals here average $48k' tail, as the row's own figure ('1,200 employees') heads it."""
    overall = format_amount(stats.overall, money=True)
    tables = []
    for column, names, deals, mean in zip(spec.columns, levels, stats.deals, stats.value, strict=True):
        numeric = column in spec.numeric
        texts = []
        for name, n, m in zip(names, deals, mean, strict=True):
            label = "" if numeric else level_label(spec, column, name)
            if n == 0:
                texts.append(f"{label}: no won deals to size")
            elif numeric:
                texts.append(f": deals here average {format_amount(m, money=True)} (overall {overall})")
            else:
                texts.append(f"{label} deals average {format_amount(m, money=True)} vs {overall} overall")
        tables.append(np.array(texts, dtype=object))
    return tables


def format_each(values: np.ndarray, formatter: Callable[[float], str]) -> np.ndarray:
    """Format numbers once per distinct value and gather, instead of once per row."""
    unique, inverse = np.unique(values, return_inverse=True)
    return np.array([formatter(v) for v in unique], dtype=object)[inverse.ravel()]


def _numeric_potential_words(
    spec: FeatureSpec,
    column: str,
    values: np.ndarray,
    codes: np.ndarray,
    table: np.ndarray,
    levels: np.ndarray,
) -> Callable[[np.ndarray], np.ndarray]:
    """'1,200 employees: deals here average $48k'; the band's name when the row has no number."""
    unit = spec.band_formats.get(column, "{band}").format(band="").strip()
    money = column in spec.money
    band_names = np.array([level_label(spec, column, name) for name in levels], dtype=object)

    def words(pos: np.ndarray) -> np.ndarray:
        number = values[pos]
        known = np.isfinite(number)
        head = band_names[codes[pos]]
        if known.any():
            head[known] = format_each(number[known], lambda v: f"{format_amount(v, money=money)} {unit}")
        return head + table[codes[pos]]

    return words


def drivers(components: Components, model: ScoreModel, weights: Weights) -> list[Driver]:
    """Every candidate reason for every account, weighted by the user's component weights."""
    frame = components.frame
    w_potential, w_fit, w_market = weights.as_array()
    has_lookalike = Score.LOOKALIKE in frame.columns
    share = model.lookalike_weight if has_lookalike else 0.0
    spec = model.spec
    out: list[Driver] = []

    fit_words = win_rate_words(spec, model.fit_model_.encoder_.levels_, model.fit_stats_)
    fit_effect = model.fit_model_.contributions(components.fit_encoded)
    for j, table in enumerate(fit_words):
        codes = components.fit_encoded.codes[:, j]
        out.append(Driver(fit_effect[:, j] * w_fit * (1 - share), lambda pos, t=table, c=codes: t[c[pos]]))

    size_levels = model.potential_model_.encoder_.levels_
    size_words = deal_size_words(spec, size_levels, model.potential_stats_)
    size_effect = model.potential_model_.contributions(components.potential_encoded)
    for j, (column, table) in enumerate(zip(spec.columns, size_words, strict=True)):
        codes = components.potential_encoded.codes[:, j]
        if column in spec.numeric:
            values = pd.to_numeric(frame.get(column, np.nan), errors="coerce")
            values = np.broadcast_to(np.asarray(values, dtype=float), len(frame))
            words = _numeric_potential_words(spec, column, values, codes, table, size_levels[j])
        else:
            words = lambda pos, t=table, c=codes: t[c[pos]]  # noqa: E731
        out.append(Driver(size_effect[:, j] * w_potential, words))

    out.append(_whitespace_driver(frame, w_potential, model.potential_model_.scale_))
    out.append(_market_driver(components, w_market))
    if has_lookalike:
        similarity = frame[Score.LOOKALIKE].to_numpy(dtype=float)
        out.append(
            Driver(
                (similarity - 0.5) / PERCENTILE_SPREAD * w_fit * share,
                lambda pos: format_each(
                    similarity[pos], lambda v: f"{v:.0%} similar to the best-fit profile"
                ),
            )
        )
    return out


def _whitespace_driver(frame: pd.DataFrame, weight: float, scale: float) -> Driver:
    """Customers only: the share of potential still open, in the potential model's log-dollar units.

    A customer already spending its whole potential has (almost) nothing to win, so
    the share is floored at 5% rather than zero, which still makes it the weakest driver.
    """
    spend = pd.to_numeric(frame[Account.SPEND], errors="coerce").to_numpy(dtype=float)
    potential = frame[Score.POTENTIAL].to_numpy(dtype=float)
    room = frame[Score.WHITESPACE].to_numpy(dtype=float)
    customer = np.isfinite(spend) & (spend > 0)
    share = np.divide(room, potential, out=np.zeros(len(room)), where=potential > 0)
    strength = np.where(customer, np.log(np.clip(share, 0.05, 1.0)) / scale * weight, np.nan)

    def words(pos: np.ndarray) -> np.ndarray:
        spent = format_each(spend[pos], lambda v: f"spends {format_amount(v, money=True)} today, ")
        left = format_each(room[pos], lambda v: f"{format_amount(v, money=True)} whitespace left")
        return spent + left

    return Driver(strength, words)


def _market_driver(components: Components, weight: float) -> Driver:
    """The size of the account's segment inside the data (and in the reference when given)."""
    market = components.market
    texts = (
        "segment "
        + market[Account.SEGMENT].astype(str)
        + " holds "
        + market[SegmentStats.ACCOUNTS].map("{:,.0f} accounts".format)
        + ", "
        + market[SegmentStats.POTENTIAL].map(lambda v: format_amount(v, money=True))
        + " potential"
    )
    if SegmentStats.REF_FIRMS in market.columns:
        firms = market[SegmentStats.REF_FIRMS].map(
            lambda v: f", {v:,.0f} firms in the reference" if v == v else ""
        )
        texts = texts + firms
    table = texts.to_numpy(dtype=object)
    codes = pd.Index(market[Account.SEGMENT]).get_indexer(components.frame[Account.SEGMENT])
    strength = (components.frame[Score.MARKET_PCT].to_numpy(dtype=float) - 0.5) / PERCENTILE_SPREAD * weight
    return Driver(strength, lambda pos: table[codes[pos]])


def explain(components: Components, model: ScoreModel, weights: Weights) -> pd.Series:
    """'Strongest: ...; weakest: ...' for every account, in the components' row order."""
    candidates = [d for d in drivers(components, model, weights) if np.any(np.isfinite(d.strength))]
    n = len(components.frame)
    strength = np.column_stack([d.strength for d in candidates]) if candidates else np.zeros((n, 0))
    usable = np.isfinite(strength) & (np.abs(strength) > 0)
    strongest = np.where(usable, strength, -np.inf).argmax(axis=1)
    weakest = np.where(usable, strength, np.inf).argmin(axis=1)
    rows = np.arange(n)
    # Only an above-average driver is called a strength, only a below-average one a weakness.
    strongest = np.where(np.where(usable, strength, 0.0)[rows, strongest] > 0, strongest, -1)
    weakest = np.where(np.where(usable, strength, 0.0)[rows, weakest] < 0, weakest, -1)
    best = np.full(n, "nothing above average", dtype=object)
    worst = np.full(n, "nothing below average", dtype=object)
    for index, driver in enumerate(candidates):
        for chosen, target in ((strongest, best), (weakest, worst)):
            pos = np.flatnonzero(chosen == index)
            if len(pos):
                target[pos] = driver.words(pos)
    text = "Strongest: " + best + "; weakest: " + worst
    return pd.Series(text, index=components.frame.index, dtype="string", name=Score.REASONS)
