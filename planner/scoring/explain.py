"""Plain-words reasons: each account's strongest and weakest driver, with the numbers behind them.

A driver is one feature's effect on one component (e.g. industry on fit, employees
on potential), the share of its potential a customer already spends, its segment's
market size, or its similarity to the best-fit profile. Its strength is the effect
in units of its component's spread, times the user's weight for that component, so
the reasons move with the sliders; an effect under a tenth of a spread is not called
a driver at all.

Speed (a million accounts in about a second): every driver words its reasons from a
small vocabulary (one sentence per band, per segment, per percent, or per distinct
employee count), rows pick a sentence by index, and Arrow joins the two picks per
row in C++; no Python loop runs per account.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from planner.schema import ACCOUNTS, UNKNOWN, Account, Score, SegmentStats
from planner.scoring.features import OTHER, FeatureSpec, format_amount
from planner.scoring.model import Components, LevelStats, ScoreModel
from planner.scoring.priority import Weights

# Standard deviation of a uniform 0..1 percentile: puts percentile drivers on the same scale as model effects.
PERCENTILE_SPREAD = 0.2887
# Effects smaller than this share of their component's spread are not worth a sentence.
MIN_EFFECT = 0.1
NOTHING_ABOVE, NOTHING_BELOW = "nothing above average", "nothing below average"
# How the two halves of a reason are introduced; ``split_reasons`` reads them back for display.
STRONGEST, WEAKEST = "Strongest: ", "; weakest: "
# Each driver names the slider it belongs to, so "big deals" and "a lower win rate" for the same
# large account read as two different components rather than a contradiction.
POTENTIAL, FIT, MARKET = "potential", "fit", "market"

# A driver's wording for chosen rows: (vocabulary, index into it per chosen row).
Words = Callable[[np.ndarray], tuple[list[str], np.ndarray]]


@dataclass(frozen=True)
class Driver:
    """One candidate reason: its weighted strength per row, its weight, its component and how to word
    chosen rows."""

    strength: np.ndarray
    weight: float
    words: Words
    component: str


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


def win_rate_words(spec: FeatureSpec, levels: list[np.ndarray], stats: LevelStats) -> list[list[str]]:
    """Per feature, per level: 'Healthcare wins 41% of 230 deals vs 23% overall'; a band of a number
    reads 'accounts with 2,100+ employees win ...'."""
    tables = []
    for column, names, deals, rate in zip(spec.columns, levels, stats.deals, stats.value, strict=True):
        labels = [level_label(spec, column, name) for name in names]
        verb = "wins"
        if column in spec.band_formats:
            labels, verb = [f"accounts with {label}" for label in labels], "win"
        tables.append(
            [
                f"{label} {verb} {r:.0%} of {n:,.0f} deals vs {stats.overall:.0%} overall"
                if n > 0
                else f"{label}: no closed deals to learn from"
                for label, n, r in zip(labels, deals, rate, strict=True)
            ]
        )
    return tables


def deal_size_words(spec: FeatureSpec, levels: list[np.ndarray], stats: LevelStats) -> list[list[str]]:
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
        tables.append(texts)
    return tables


def _by_code(vocabulary: list[str], codes: np.ndarray) -> Words:
    return lambda pos: (vocabulary, codes[pos])


def _by_percent(template: str, values: np.ndarray) -> Words:
    """Wording that depends on a 0-1 share only: 101 sentences, one per whole percent."""
    vocabulary = [template.format(percent=k) for k in range(101)]

    def words(pos: np.ndarray) -> tuple[list[str], np.ndarray]:
        share = np.nan_to_num(values[pos], nan=0.0)
        return vocabulary, np.clip(np.round(share * 100), 0, 100).astype(np.int64)

    return words


def _numeric_words(
    spec: FeatureSpec,
    column: str,
    values: np.ndarray,
    codes: np.ndarray,
    table: list[str],
    levels: np.ndarray,
) -> Words:
    """'1,200 employees: deals here average $48k': one sentence per distinct figure among the chosen rows."""
    unit = spec.band_formats.get(column, "{band}").format(band="").strip()
    money = column in spec.money

    def words(pos: np.ndarray) -> tuple[list[str], np.ndarray]:
        figure = values[pos]
        known = np.isfinite(figure)
        if money:  # two significant digits, as the text shows them anyway
            magnitude = 10 ** np.floor(np.log10(np.abs(np.where(known & (figure != 0), figure, 1.0)))) / 10
            figure = np.round(figure / magnitude) * magnitude
        distinct, first, inverse = np.unique(figure[known], return_index=True, return_inverse=True)
        band = codes[pos[known][first]]
        head = (
            [f"{format_amount(v, money=True)} {unit}" for v in distinct]
            if money
            else [f"{v:,.0f} {unit}" for v in distinct]
        )
        vocabulary = [h + table[b] for h, b in zip(head, band, strict=True)]
        missing = len(levels) - 1  # the Unknown band
        vocabulary.append(level_label(spec, column, levels[missing]) + table[missing])
        index = np.full(len(pos), len(vocabulary) - 1, dtype=np.int64)
        index[known] = inverse.ravel()
        return vocabulary, index

    return words


def drivers(components: Components, model: ScoreModel, weights: Weights) -> list[Driver]:
    """Every candidate reason for every account, weighted by the user's component weights."""
    frame = components.frame
    w_potential, w_fit, w_market = weights.as_array()
    has_lookalike = Score.LOOKALIKE in frame.columns
    share = model.lookalike_weight if has_lookalike else 0.0
    spec = model.spec
    out: list[Driver] = []

    if w_fit > 0:
        fit_weight = w_fit * (1 - share)
        fit_words = win_rate_words(spec, model.fit_model_.encoder_.levels_, model.fit_stats_)
        fit_effects = model.fit_model_.contributions(components.fit_encoded)
        for j, table in enumerate(fit_words):
            codes = components.fit_encoded.codes[:, j]
            out.append(Driver(fit_effects[j] * fit_weight, fit_weight, _by_code(table, codes), FIT))

    if w_potential > 0:
        size_levels = model.potential_model_.encoder_.levels_
        size_words = deal_size_words(spec, size_levels, model.potential_stats_)
        size_effects = model.potential_model_.contributions(components.potential_encoded)
        for j, (column, table) in enumerate(zip(spec.columns, size_words, strict=True)):
            codes = components.potential_encoded.codes[:, j]
            if column in spec.numeric:
                values = pd.to_numeric(frame[column], errors="coerce") if column in frame.columns else np.nan
                values = np.broadcast_to(np.asarray(values, dtype=float), len(frame))
                words = _numeric_words(spec, column, values, codes, table, size_levels[j])
            else:
                words = _by_code(table, codes)
            out.append(Driver(size_effects[j] * w_potential, w_potential, words, POTENTIAL))
        out.append(_whitespace_driver(frame, w_potential, model.potential_model_.scale_))

    if w_market > 0:
        out.append(_market_driver(components, w_market))
    if has_lookalike and w_fit > 0:
        similarity = frame[Score.LOOKALIKE].to_numpy(dtype=float)
        weight = w_fit * share
        strength = (similarity - 0.5) / PERCENTILE_SPREAD * weight
        words = _by_percent("{percent}% similar to the best-fit profile", similarity)
        out.append(Driver(strength, weight, words, FIT))
    return out


def _whitespace_driver(frame: pd.DataFrame, weight: float, scale: float) -> Driver:
    """Customers only: the share of potential still open, in the potential model's log-dollar units.

    A customer already spending its whole potential has (almost) nothing to win, so
    the open share is floored at 5% rather than zero, which still makes it the weakest driver.
    """
    spend = pd.to_numeric(frame[Account.SPEND], errors="coerce").to_numpy(dtype=float)
    potential = frame[Score.POTENTIAL].to_numpy(dtype=float)
    room = frame[Score.WHITESPACE].to_numpy(dtype=float)
    customer = np.isfinite(spend) & (spend > 0)
    open_share = np.divide(room, potential, out=np.zeros(len(room)), where=potential > 0)
    strength = np.where(customer, np.log(np.clip(open_share, 0.05, 1.0)) / scale * weight, np.nan)
    words = _by_percent("already spends {percent}% of its potential", 1.0 - open_share)
    return Driver(strength, weight, words, POTENTIAL)


def _positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Each value's position in ``keys`` (-1 when absent), hashed by Arrow: pandas' ``get_indexer``
    first turns a million Arrow strings into Python objects (0.7 s at 1M accounts)."""

    def text(series: pd.Series) -> pa.Array | pa.ChunkedArray:
        return pa.array(series.astype("string").array).cast(pa.large_string())

    found = pc.index_in(text(values), value_set=text(keys)).fill_null(-1)
    return np.asarray(found, dtype=np.int64)


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
            lambda v: f", {v:,.0f} firms in the reference" if np.isfinite(v) else ""
        )
        texts = texts + firms
    codes = _positions(components.frame[Account.SEGMENT], market[Account.SEGMENT])
    strength = (components.frame[Score.MARKET_PCT].to_numpy(dtype=float) - 0.5) / PERCENTILE_SPREAD * weight
    return Driver(strength, weight, _by_code(texts.tolist(), codes), MARKET)


def _pick(candidates: list[Driver], *, strongest: bool, n: int) -> np.ndarray:
    """Index of each row's strongest (or weakest) driver beyond the minimum effect; -1 when none."""
    best = np.zeros(n)
    chosen = np.full(n, -1, dtype=np.int64)
    for index, driver in enumerate(candidates):
        floor = MIN_EFFECT * driver.weight
        with np.errstate(invalid="ignore"):
            if strongest:
                better = driver.strength > np.maximum(best, floor)
            else:
                better = driver.strength < np.minimum(best, -floor)
        best = np.where(better, driver.strength, best)
        chosen[better] = index
    return chosen


def _gather(candidates: list[Driver], chosen: np.ndarray, fallback: str) -> pa.Array:
    """Each row's sentence, gathered from the chosen drivers' vocabularies in one Arrow take."""
    vocabulary = [fallback]
    index = np.zeros(len(chosen), dtype=np.int64)
    for number, driver in enumerate(candidates):
        pos = np.flatnonzero(chosen == number)
        if len(pos):
            words, picks = driver.words(pos)
            index[pos] = len(vocabulary) + picks
            vocabulary.extend(f"{driver.component} — {text}" for text in words)
    return pc.take(pa.array(vocabulary, type=pa.string()), pa.array(index))


def explain(components: Components, model: ScoreModel, weights: Weights) -> pd.Series:
    """'Strongest: ...; weakest: ...' for every account, in the components' row order."""
    candidates = drivers(components, model, weights)
    n = len(components.frame)
    best = _gather(candidates, _pick(candidates, strongest=True, n=n), NOTHING_ABOVE)
    worst = _gather(candidates, _pick(candidates, strongest=False, n=n), NOTHING_BELOW)
    text = pc.binary_join_element_wise(STRONGEST, best, WEAKEST, worst, "")
    return pd.Series(pd.arrays.ArrowStringArray(text), index=components.frame.index, name=Score.REASONS)


def split_reasons(reasons: pd.Series) -> pd.DataFrame:
    """The strongest and weakest halves of shown reasons, as two columns: one sentence of 150
    characters is cut off in a table cell, two of 75 are read whole."""
    halves = reasons.str.removeprefix(STRONGEST).str.split(WEAKEST, n=1, expand=True, regex=False)
    return pd.DataFrame({Score.STRONGEST: halves[0], Score.WEAKEST: halves[1]}, index=reasons.index)
