"""The SLED brief on the demo: structure, numbers in every statement, previous commitments, exports."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from planner.coaching import COACHING, to_html, to_markdown
from planner.demo import STALLERS
from planner.errors import InputError
from planner.serialize import dumps
from planner.storage import COMMITMENT_DONE, Store

STALLER, STALL_STAGE = next(iter(STALLERS.items()))


@pytest.fixture(scope="module")
def brief(demo_inputs):
    return demo_inputs.brief(STALLER.upper(), session_date=dt.date(2026, 11, 10))


def _statements(brief) -> list[str]:
    return [
        *brief.set_the_stage.agenda,
        *brief.lead.results,
        *brief.lead.activities,
        *brief.lead.stalls,
        brief.lead.one_thing,
        *brief.explore.fit,
        *(r.evidence for r in brief.explore.recommendations),
        *(f.reason for f in brief.develop.focus_accounts),
        *(f"{t.now} {t.goal}" for t in brief.develop.targets),
        *(q.text for q in brief.develop.questions),
    ]


def test_every_statement_carries_a_number(brief):
    statements = _statements(brief)
    assert len(statements) >= 15
    for text in statements:
        assert re.search(r"\d", text), text


def test_the_staller_brief_leads_with_their_stage(brief):
    assert brief.rep == STALLER  # matched case-insensitively, spelled as in the data
    assert brief.manager
    assert brief.lead.one_thing.startswith(f"The one thing to fix: {STALL_STAGE}.")
    assert brief.primary is not None and brief.primary.intervention == COACHING
    assert STALL_STAGE in brief.primary.gap
    assert any(STALL_STAGE in item for item in brief.set_the_stage.agenda)
    assert "60 minutes, Tuesday 10 November 2026" in brief.set_the_stage.timing
    assert any(t.measure == f"Losses at {STALL_STAGE}" for t in brief.develop.targets)


def test_action_plan_has_focus_accounts_targets_and_questions(brief, demo_inputs):
    focus = brief.develop.focus_accounts
    assert 3 <= len(focus) <= 5
    assert all(f.priority is not None for f in focus)  # ranked by the scoring step
    topics = {q.topic for q in brief.develop.questions}
    assert {"Target sectors", "Prioritisation", "Support needed"} <= topics
    assert brief.explore.fit_gap is not None
    assert brief.explore.fit[0].startswith(
        f"{round(brief.explore.fit_gap.rep_share * 100)}% of your open deals"
    )


def test_international_question_only_when_the_territory_spans_countries(demo_inputs):
    from planner.coaching.focus import territory
    from planner.schema import Account

    spans = {}
    for rep in demo_inputs.names:
        countries = (
            territory(demo_inputs.accounts, demo_inputs.deals, rep)[Account.COUNTRY].dropna().nunique()
        )
        spans[rep] = countries
    multi = next(rep for rep, n in spans.items() if n > 1)
    single = next(rep for rep, n in spans.items() if n == 1)
    assert "International barriers" in {q.topic for q in demo_inputs.brief(multi).develop.questions}
    assert "International barriers" not in {q.topic for q in demo_inputs.brief(single).develop.questions}


def test_previous_commitments_appear_in_the_next_brief(tmp_path, demo_inputs):
    store = Store(f"sqlite:///{tmp_path / 'planner.db'}")
    first = store.schedule_session(STALLER, dt.date(2026, 10, 1), manager="M")
    store.record_session(
        first.id, "notes", ["Review every Proposal with <b>Maya</b>", "Open 3 Healthcare accounts"]
    )
    store.update_commitment(store.get_session(first.id).commitments[0].id, COMMITMENT_DONE, "4 of 5 reviewed")
    previous = store.previous_session(STALLER, before=dt.date(2026, 11, 10))
    brief = demo_inputs.brief(STALLER, previous=previous, session_date=dt.date(2026, 11, 10))
    assert brief.set_the_stage.agenda[0] == "Review the 2 commitments from 01 Oct 2026 (1 still open)"
    markdown = to_markdown(brief)
    assert "### Commitments from 01 Oct 2026" in markdown
    [since] = brief.develop.since_previous
    assert since.startswith("Since 01 Oct 2026 (data to 01 Nov 2026): ") and "deals won" in since
    assert since in markdown
    assert "| Review every Proposal with <b>Maya</b> | done |  | 4 of 5 reviewed |" in markdown
    html = to_html(brief)
    assert "&lt;b&gt;Maya&lt;/b&gt;" in html and "<b>Maya</b>" not in html  # data is escaped


def test_exports_markdown_html_and_json(brief):
    markdown = to_markdown(brief)
    for heading in ("## 1. Set the stage", "## 2. Lead the performance analysis", "## 3. Explore solutions"):
        assert heading in markdown
    assert (
        "## 4. Develop an action plan" in markdown and f"> **The one thing to fix: {STALL_STAGE}." in markdown
    )
    html = to_html(brief)
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html and "<table>" in html
    data = json.loads(dumps(brief))
    assert data["rep"] == STALLER and data["lead"]["figures"]["won_deals"] == brief.lead.figures.won_deals


def test_unknown_rep_lists_close_names(demo_inputs):
    with pytest.raises(InputError, match=r"Did you mean: .*Marcus Reid"):
        demo_inputs.brief("Marcus Ried")


def test_plain_words_and_an_explicit_period_for_every_rate(brief):
    """No statistics jargon; each win rate, loss share or win count says which period it covers."""
    statements = _statements(brief)
    text = " ".join(statements)
    assert not re.search(r"\bp[<=]|binomial|Bonferroni|significan", text)
    assert "a real gap" in text and "not chance" in text
    for statement in statements:
        if re.search(r"\bwins? \d|win rate \d|lost deals|of your losses|\bwins in\b", statement, re.I):
            assert re.search(r"last 12 months|all time|all closed deals", statement), statement
    # The end-user question counts the same wins as the results (12 months), not all-time wins.
    won = brief.lead.figures.won_deals
    [end_users] = [q.text for q in brief.develop.questions if q.topic == "End users"]
    assert f"of your {won:,} wins in the last 12 months" in end_users


def test_the_win_rate_sentence_reads_like_the_tiles(demo_inputs):
    """One decimal for both rates and the gap, computed from the rates as printed (review: '23% vs 24%:
    a gap of 0 points' beside a tile reading 23.3%, -0.4 pts)."""
    brief = demo_inputs.brief("Marcus Reid")
    figures = brief.lead.figures
    assert f"{figures.win_rate:.2%}".startswith("23.3") and f"{figures.team_win_rate:.2%}".startswith("23.7")
    [line] = [text for text in brief.lead.results if text.startswith("Win rate")]
    assert line.startswith("Win rate 23.3% over the last 12 months")
    assert "vs 23.8% for the rest of the team: a gap of 0.5 points on" in line
    assert any("win rate 23.3% vs 23.8% for the rest of the team" in a for a in brief.set_the_stage.agenda)


def test_no_best_fit_pipeline_line_when_neither_the_rep_nor_the_team_has_any(demo_inputs):
    """'0% of open deals vs 0% for the team' gives a manager nothing to discuss."""
    for rep in demo_inputs.names:
        brief = demo_inputs.brief(rep, session_date=dt.date(2026, 11, 10))
        fit = brief.explore.fit_gap
        line = [a for a in brief.set_the_stage.agenda if a.startswith("Best-fit pipeline")]
        assert bool(line) == bool(fit is not None and (fit.rep_share or fit.team_share)), rep
