"""Help / about: what each page does, how each number is made, and the limits to keep in mind."""

from __future__ import annotations

import streamlit as st

st.title("About the methods")
st.caption("How every number in this app is made, and where it stops being trustworthy.")

st.markdown(
    """
### The flow
**Data** (load an export, check the mapping) → **Segments** (where the market is) → **Ideal profile**
(which deals we win) → **Accounts** (who to work first) → **Territories** (who works them) →
**Coaching** (how each rep gets there). Your choices (column mapping, weights, filters, tolerance,
scenario, rep) carry from page to page. The same computations run in the `planner` command line, so the
numbers in a CSV and on screen agree.

### Scores
* **Revenue potential**: the expected won-deal value for an account of this size, industry and region,
  learned from won deals of similar accounts. **Whitespace** is potential minus what the account already
  spends (never below zero).
* **Fit**: the calibrated probability that a deal with this account is won, learned from closed won/lost
  deals on firmographics only (industry, size, revenue, geography), never on the deal's own process fields,
  so it can be used before a deal exists. The fit component blends the win-probability percentile (70%)
  with the account's similarity to the best-fit profile from the Ideal profile page (30%).
* **Market**: the size of the account's segment (industry × region × size band): how many accounts and how
  much potential it holds, plus Census SUSB 2021 firms and payroll for US segments.
* **Priority** (0–100) is the weighted sum of the three components as percentile ranks; you set the
  weights. **Tiers**: A is the top 10% by priority, B the next 20%, C the next 30%, D the rest; or each
  rep's top N accounts are A, the next N B, the next N C.
* **Reasons**: each account's strongest and weakest driver, named by the slider it belongs to: a feature's
  effect on a component (e.g. "fit — Healthcare wins 41% of 230 deals vs 23% overall"), the share of its
  potential a customer already spends, its segment's size, or its similarity to the best-fit profile. An
  effect counts in units of its component's spread times your weight for it, so reasons move with the
  sliders; one under a tenth of a spread is not called a driver. A large account can fairly read "potential —
  deals here average \\$76k" and "fit — accounts with 2,100+ employees win 21%": big deals, won less often.
* **Validation**: a time-ordered backtest (train on older deals, test on newer) reports ROC AUC, top-decile
  lift and a calibration table, beside a gradient-boosting reference.

### Ideal profile
Closed deals are clustered on industry, region, size band, product, deal size and cycle time: one-hot
categories weighted by how much each value moves the win rate, scaled numbers, k-means fitted on a sample
and applied to every deal. The number of clusters is the smallest k from 3 to 10 that reaches 90% of the best
separation of won from lost on held-out deals (you can override it). Each cluster's win rate carries a Wilson
95% interval. The **PMF score** = shrunken win rate ÷ overall win rate × √(deal size ratio) × √(speed ratio);
only clusters that win at least as often as average can be crowned, and shrinkage keeps a small lucky cluster
from winning. Attributes that give the outcome away (e.g. a deal amount recorded as 0 on every lost deal) are
left out and named. A shallow decision tree restates the answer as rules, and bootstrap refits say how stable
it is.

### Territories
Every account goes to exactly one rep so that potential and workload per rep stay within your tolerance of
the team mean, capacity and locked accounts are respected, geography stays compact and as few accounts as
possible change owner. Small instances are solved exactly (mixed-integer programme, HiGHS); large ones by a
relaxation plus repair and local search, with the gap to the relaxation's bound reported.

### Coaching
Briefs follow SLED (Set the stage, Lead the performance analysis, Explore solutions, Develop an action
plan). Every statement carries the number it comes from; a pattern seen on too few deals is not reported.
A "real gap, not chance" rests on at least 12 deals, is at least 10 points, and passes a one-sided binomial
test at a 5% family-wise level, Bonferroni-corrected over every rep and stage compared.

### Limits
* Scores learn from your history: a segment you never sold to gets the average, not a guess.
* Win rates from fewer than ~30 closed deals are shown with wide intervals; read them as hints.
* Distances use state or country centres when an account has no coordinates.
* Census figures describe all US employer firms in a state and sector, not your addressable market.
"""
)
