"""A one-page summary for a physiotherapist or doctor, as HTML that prints well.

`backtui report` writes it to standard output, or to a file with -o (never replacing one without
--force; written to a private temporary file, then renamed). History's `r` key writes it beside the
database, in a "reports" folder. Everything the person typed is escaped with html.escape.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta
from pathlib import Path

from backtui.checkin.measures import baseline_pain, meaningful_change
from backtui.checkin.triage import HEADLINES, RED_FLAGS
from backtui.db.location import ServerDatabase
from backtui.db.models import PlanItem, ProgressionDecision, PsfsEntry, RedFlagScreening, db
from backtui.db.store import store_for
from backtui.history.aggregates import bucketed, consistency
from backtui.history.therapies import ASSOCIATION_NOTE, THERAPY_LABELS, compare_pain, describe
from backtui.plan.weekly import DAY_NAMES, dose_label
from backtui.record.export import is_stdout, safe_output
from backtui.timefmt import clock_time

DEFAULT_WEEKS = 12  # about the time between two clinic visits
MAX_TABLE_ROWS = 16
_E = html.escape
_FLAG_LABELS = {flag.id: flag.label for flag in RED_FLAGS}
_ACTIONS = {
    "progress": "Progressed",
    "hold": "Held",
    "step_back": "Stepped back",
    "see_clinician": "Advised to see a clinician",
}

CSS = """
body { font: 11pt/1.35 system-ui, sans-serif; color: #111; max-width: 48em; margin: 1.5em auto; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1em 0 .3em;
border-bottom: 1px solid #999; } p { margin: .3em 0; } .muted { color: #555; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { text-align: left; padding: 1px 6px; border-bottom: 1px solid #ddd; vertical-align: top; }
.warn { color: #a00; font-weight: 600; } svg { width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; }
  section { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"""


class ReportError(ValueError):
    """A report option that cannot be used; the message says why."""


def parse_since(text: str, today: date) -> date:
    try:
        since = date.fromisoformat(text)
    except ValueError as error:
        raise ReportError(f"--since {text!r} is not a date; write it as YYYY-MM-DD.") from error
    if since > today:
        raise ReportError(f"--since {text} is in the future.")
    return since


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


Row = tuple[date, float | None, float | None]


def _trend_rows(since: date, today: date) -> tuple[str, list[Row]]:
    bucket = "week" if (today - since).days <= MAX_TABLE_ROWS * 7 else "month"
    pain = dict(bucketed("avg(pain)", "checkin", "at", bucket, since, today))
    peg = dict(bucketed("avg(score)", "pegentry", "at", bucket, since, today))
    keys = sorted(set(pain) | set(peg))
    return bucket, [(key, pain.get(key), peg.get(key)) for key in keys]


def _svg(rows: list[Row]) -> str:
    """A small line chart of pain (solid) and PEG (dashed), 0-10, drawn as inline SVG."""
    if len(rows) < 2:
        return ""
    width, height, pad = 600, 120, 20
    step = (width - 2 * pad) / (len(rows) - 1)

    def line(index: int, dash: str) -> str:
        points = [
            f"{pad + i * step:.1f},{height - pad - (row[index] / 10) * (height - 2 * pad):.1f}"
            for i, row in enumerate(rows)
            if row[index] is not None
        ]
        return (
            (
                f'<polyline fill="none" stroke="#000" stroke-width="1.5" {dash} '
                f'points="{" ".join(points)}"/>'
            )
            if len(points) > 1
            else ""
        )

    grid = "".join(
        f'<line x1="{pad}" x2="{width - pad}" y1="{y}" y2="{y}" stroke="#ddd"/>'
        f'<text x="2" y="{y + 4}" font-size="9">{label}</text>'
        for label, y in ((10, pad), (5, height / 2), (0, height - pad))
    )
    pain_line, peg_line = line(1, ""), line(2, 'stroke-dasharray="4 3"')
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Pain and PEG over time">'
        f"{grid}{pain_line}{peg_line}</svg>"
    )


def _pain_section(since: date, today: date, now: datetime) -> str:
    bucket, rows = _trend_rows(since, today)
    if not rows:
        return (
            "<section><h2>Pain and PEG</h2><p>No pain scores or PEG in this period.</p></section>"
        )
    body = "".join(
        f"<tr><td>{'Week of ' if bucket == 'week' else ''}{key:%d %b %Y}</td>"
        f"<td>{_fmt(pain)}</td><td>{_fmt(peg)}</td></tr>"
        for key, pain, peg in rows[-MAX_TABLE_ROWS:]
    )
    start = baseline_pain(now)
    recent = [pain for _, pain, _ in rows[-2:] if pain is not None]
    summary = ""
    if start is not None and recent:
        current = sum(recent) / len(recent)
        change = meaningful_change(start, current)
        verdict = {
            "improved": "a meaningful improvement",
            "worsened": "a meaningful worsening",
            "none": "no meaningful change",
        }[change.direction]
        summary = (
            f"<p>Starting level {start:.1f}/10; lately {current:.1f}/10: {verdict} "
            "(2 points or 30%, Farrar 2001).</p>"
        )
    return (
        "<section><h2>Pain (0-10) and PEG</h2>"
        + summary
        + _svg(rows)
        + '<p class="muted">Solid line: mean pain from check-ins. Dashed: PEG score (Krebs 2009), '
        f"mean of pain, enjoyment and activity. One row per {bucket}.</p>"
        f"<table><tr><th>{bucket.title()}</th><th>Pain</th><th>PEG</th></tr>{body}</table>"
        + _psfs(since)
        + "</section>"
    )


def _psfs(since: date) -> str:
    latest = PsfsEntry.select().order_by(PsfsEntry.at.desc(), PsfsEntry.id.desc()).first()
    if latest is None:
        return ""
    items = "; ".join(f"{_E(i['activity'])} {i['score']}/10" for i in latest.items)
    return (
        f"<p>PSFS on {latest.at:%d %b %Y}: {latest.score:.1f}/10 ({items}). "
        "0 = unable, 10 = as before the problem (Stratford 1995).</p>"
    )


def _adherence_section(since: date, today: date) -> str:
    weeks = max(1, min(52, ((today - since).days + 1) // 7))
    result = consistency(today, weeks_shown=weeks + 1)
    done = db.execute_sql(
        "SELECT count(*), count(CASE WHEN status = 'ended_early' THEN 1 END) FROM session "
        "WHERE status IN ('completed', 'ended_early') AND started_at >= ?",
        (since.isoformat(),),
    ).fetchone()
    skipped = db.execute_sql(
        "SELECT count(*) FROM skiplog WHERE reason = 'pain' AND at >= ?", (since.isoformat(),)
    ).fetchone()[0]
    return (
        "<section><h2>Adherence</h2>"
        f"<p>Target: {result.target} sessions a week. Full weeks on target: {result.recent_met} "
        f"of {len(result.recent) - 1}. Current streak: {result.streak} weeks. "
        f"This week so far: {result.this_week}.</p>"
        f"<p>Sessions in this period: {done[0] or 0} ({done[1] or 0} ended early). "
        f"Exercises skipped because of pain: {skipped}.</p></section>"
    )


def _plan_section(since: date) -> str:
    items = PlanItem.select().where(PlanItem.active).order_by(PlanItem.position, PlanItem.id)
    rows = "".join(
        f"<tr><td>{_E(item.exercise.name)}</td>"
        f"<td>{_E(', '.join(DAY_NAMES[d][:3] for d in item.weekday_list()))}</td>"
        f"<td>{_E(dose_label(item))}</td></tr>"
        for item in items
    )
    plan = (
        f"<table><tr><th>Exercise</th><th>Days</th><th>Dose</th></tr>{rows}</table>"
        if rows
        else "<p>No exercises in the plan.</p>"
    )
    decisions = (
        ProgressionDecision.select()
        .where(ProgressionDecision.at >= since, ProgressionDecision.action != "hold")
        .order_by(ProgressionDecision.at.desc(), ProgressionDecision.id.desc())
        .limit(10)
    )
    changes = "".join(
        f"<tr><td>{d.at:%d %b %Y}</td><td>{_E(d.exercise.name if d.exercise_id else '')}</td>"
        f"<td>{_ACTIONS.get(d.action, _E(d.action))} ({_E(d.status)})</td>"
        f"<td>{_E(d.reason)}</td></tr>"
        for d in decisions
    )
    recent = (
        f"<table><tr><th>Date</th><th>Exercise</th><th>Change</th><th>Reason</th></tr>"
        f"{changes}</table>"
        if changes
        else "<p>No progressions or step-backs.</p>"
    )
    return f"<section><h2>Current plan</h2>{plan}<h2>Recent changes</h2>{recent}</section>"


def _red_flag_section(since: date, time_format: str) -> str:
    events = (
        RedFlagScreening.select()
        .where(RedFlagScreening.at >= since, RedFlagScreening.outcome != "none")
        .order_by(RedFlagScreening.at.desc(), RedFlagScreening.id.desc())
    )
    rows = "".join(
        f'<tr><td>{e.at:%d %b %Y} {clock_time(e.at, time_format)}</td><td class="warn">'
        f"{_E(HEADLINES.get(e.outcome, e.outcome))}</td>"
        f"<td>{_E('; '.join(_FLAG_LABELS.get(a, a) for a in e.answers))}</td></tr>"
        for e in events
    )
    body = (
        f"<table><tr><th>When</th><th>Advice given</th><th>Warning signs ticked</th></tr>"
        f"{rows}</table>"
        if rows
        else "<p>No warning signs were reported in this period.</p>"
    )
    return f"<section><h2>Red-flag events</h2>{body}</section>"


def _therapy_section(since: date, today: date) -> str:
    counts = db.execute_sql(
        "SELECT kind, count(*) FROM therapyentry WHERE day >= ? "
        "GROUP BY kind ORDER BY 2 DESC, kind",
        (since.isoformat(),),
    ).fetchall()
    if not counts:
        return "<section><h2>Other therapies</h2><p>None logged in this period.</p></section>"
    listed = ", ".join(f"{_E(THERAPY_LABELS.get(k, k))} ({n})" for k, n in counts)
    compared = "".join(f"<li>{_E(describe(c))}</li>" for c in compare_pain(since, today))
    return (
        f"<section><h2>Other therapies</h2><p>{listed}.</p><ul>{compared}</ul>"
        f'<p class="muted">{_E(ASSOCIATION_NOTE)}</p></section>'
    )


def build_report(now: datetime, since: date | None = None, time_format: str = "24h") -> str:
    today = now.date()
    since = since or today - timedelta(weeks=DEFAULT_WEEKS)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>backtui summary {since} to {today}</title><style>{CSS}</style></head><body>"
        f'<h1>Back pain exercise summary</h1><p class="muted">{since:%d %b %Y} to '
        f"{today:%d %b %Y}, made by backtui on {now:%d %b %Y} {clock_time(now, time_format)}. "
        "Self-reported by the person; backtui supports exercise and does not diagnose.</p>"
        + _pain_section(since, today, now)
        + _adherence_section(since, today)
        + _plan_section(since)
        + _red_flag_section(since, time_format)
        + _therapy_section(since, today)
        + "</body></html>\n"
    )


def write_report(
    output: Path | None,
    *,
    now: datetime,
    since: date | None = None,
    force: bool = False,
    time_format: str = "24h",
) -> Path | None:
    """Write the report to ``output`` (standard output when None); return the file written."""
    text = build_report(now, since, time_format)
    with safe_output(output, force=force) as handle:
        handle.write(text)
    return None if is_stdout(output) else Path(output).expanduser()


def report_folder(db_path: Path | ServerDatabase) -> Path:
    """Beside a database file; in the data folder for a PostgreSQL database."""
    return store_for(db_path).files_folder() / "reports"


def save_report_beside(db_path: Path, now: datetime, time_format: str = "24h") -> Path:
    """History's key: a new file in the reports folder beside the database; never overwrites."""
    folder = report_folder(db_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"backtui-report-{now:%Y-%m-%d}.html"
    number = 2
    while target.exists():
        target = folder / f"backtui-report-{now:%Y-%m-%d}-{number}.html"
        number += 1
    write_report(target, now=now, time_format=time_format)
    return target
