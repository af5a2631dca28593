"""The brief as Markdown (to paste or mail) and as a printable HTML page (print CSS, no PDF library).

Both are written from the same ``CoachingBrief`` through one outline, so the
two exports always say the same thing; the HTML escapes every data value.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from planner.coaching.brief import CoachingBrief
from planner.formatting import money

PRINT_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 1.6rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.3rem; color: #0072B2; }
.meta { color: #555; margin-top: 0; }
.one-thing { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.5rem 0.8rem; }
.note { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f6fa; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, tr, .one-thing { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { size: A4; margin: 16mm 14mm; }
}
"""


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


# An outline block: ("h2"|"h3"|"p"|"ul"|"ol"|"callout"|"note", text or list) or ("table", _Table).
_Block = tuple[str, object]


def _outline(brief: CoachingBrief) -> Iterator[_Block]:
    stage, lead, explore, plan = brief.set_the_stage, brief.lead, brief.explore, brief.develop
    yield "h2", "1. Set the stage"
    yield "p", stage.purpose
    yield "h3", "Agenda"
    yield "ol", list(stage.agenda)
    yield "h3", "Expected outcomes"
    yield "ul", list(stage.expected_outcomes)
    yield "h3", "Timing"
    yield "p", stage.timing

    yield "h2", "2. Lead the performance analysis"
    yield "h3", "Results vs objectives"
    yield "ul", list(lead.results)
    if lead.activities:
        yield "h3", "Activities"
        yield "ul", list(lead.activities)
    yield "h3", "Where deals stall"
    if lead.stalls:
        yield "ul", list(lead.stalls)
    yield "callout", lead.one_thing

    yield "h2", "3. Explore solutions"
    yield "h3", "Best-fit profile"
    yield "ul", list(explore.fit)
    yield "h3", "Training, coaching or feedback"
    if explore.recommendations:
        rows: tuple[tuple[str, ...], ...] = tuple(
            (r.gap, r.intervention, f"{r.deals:.0f}", r.evidence, r.action) for r in explore.recommendations
        )
        yield "table", _Table(("Gap", "Intervention", "Size (deals)", "Evidence", "Suggested action"), rows)
        yield "note", "Rule: " + "; ".join(dict.fromkeys(r.rule for r in explore.recommendations)) + "."
    else:
        yield (
            "p",
            "No gap passes the evidence bar this period: keep the plan below and review it next session.",
        )

    yield "h2", "4. Develop an action plan"
    if plan.previous_session is not None:
        previous = plan.previous_session
        yield "h3", f"Commitments from {previous.scheduled_for:%d %b %Y}"
        if previous.commitments:
            rows = tuple(
                (c.text, c.status, f"{c.due_date:%d %b %Y}" if c.due_date else "", c.follow_up)
                for c in previous.commitments
            )
            yield "table", _Table(("Commitment", "Status", "Due", "What happened"), rows)
        else:
            yield "p", "No commitments were recorded."
        if plan.since_previous:
            yield "ul", list(plan.since_previous)
    yield "h3", "Focus accounts"
    if plan.focus_accounts:
        rows = tuple(
            (f.name, f.why, money(f.open_value) if f.open_deals else "", f.reason)
            for f in plan.focus_accounts
        )
        yield "table", _Table(("Account", "Why", "Open pipeline", "Reason"), rows)
    else:
        yield "p", "No accounts are assigned to this rep in the accounts data."
    if plan.targets:
        yield "h3", "Targets for next quarter"
        yield (
            "table",
            _Table(("Measure", "Now", "Target"), tuple((t.measure, t.now, t.goal) for t in plan.targets)),
        )
    if plan.questions:
        yield "h3", "Strategic questions"
        yield "ul", [f"**{q.topic}.** {q.text}" for q in plan.questions]
    if brief.data_notes:
        yield "h3", "About the data"
        yield "ul", list(brief.data_notes)


def _title(brief: CoachingBrief) -> tuple[str, str]:
    manager = f" with {brief.manager}" if brief.manager else ""
    meta = f"Prepared from data as of {brief.as_of:%d %b %Y}{manager}"
    if brief.session_date:
        meta += f"; session on {brief.session_date:%d %b %Y}"
    primary = brief.primary
    if primary is not None:
        meta += f". Biggest gap: {primary.gap} ({primary.intervention}, about {primary.deals:.0f} deals)"
    return f"Strategic coaching brief: {brief.rep}", meta + "."


def to_markdown(brief: CoachingBrief) -> str:
    """The brief as GitHub-flavoured Markdown."""
    title, meta = _title(brief)
    lines = [f"# {title}", "", f"_{meta}_", ""]
    for kind, content in _outline(brief):
        if kind == "h2":
            lines += [f"## {content}", ""]
        elif kind == "h3":
            lines += [f"### {content}", ""]
        elif kind in ("p", "note"):
            lines += [str(content), ""]
        elif kind == "callout":
            lines += [f"> **{content}**", ""]
        elif kind in ("ul", "ol"):
            items = list(content)  # type: ignore[call-overload]
            lines += [f"{i}. {t}" if kind == "ol" else f"- {t}" for i, t in enumerate(items, start=1)] + [""]
        elif kind == "table":
            table = content
            assert isinstance(table, _Table)
            lines.append("| " + " | ".join(table.header) + " |")
            lines.append("|" + "---|" * len(table.header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_html(brief: CoachingBrief) -> str:
    """A self-contained printable HTML page (print from the browser to get a PDF)."""
    title, meta = _title(brief)
    body = [f"<h1>{_esc(title)}</h1>", f'<p class="meta">{_esc(meta)}</p>']
    for kind, content in _outline(brief):
        if kind in ("h2", "h3", "p"):
            body.append(f"<{kind}>{_esc(str(content))}</{kind}>")
        elif kind == "note":
            body.append(f'<p class="note">{_esc(str(content))}</p>')
        elif kind == "callout":
            body.append(f'<p class="one-thing"><strong>{_esc(str(content))}</strong></p>')
        elif kind in ("ul", "ol"):
            items = "".join(f"<li>{_esc(str(t))}</li>" for t in content)  # type: ignore[attr-defined]
            body.append(f"<{kind}>{items}</{kind}>")
        elif kind == "table":
            table = content
            assert isinstance(table, _Table)
            head = "".join(f"<th>{_esc(h)}</th>" for h in table.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in table.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _esc(text: str) -> str:
    """Escape data for HTML and turn the Markdown bold used in question topics into <strong>."""
    escaped = html.escape(str(text))
    parts = escaped.split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))
