import type { ReportHistory } from './report-history.js';
import { TRANSITIONS, type Transition } from './transition.js';
import { STATUS_LABELS, STATUS_ORDER } from './status-labels.js';

export const TRANSITION_LABELS: Record<Transition, string> = {
  new: 'new failure',
  still_failing: 'still failing',
  no_longer_verifiable: 'no longer verifiable',
  excepted: 'now excepted',
  fixed: 'fixed',
};

// Chart geometry in SVG user units: one stacked bar per run, height proportional to check count.
const BAR = 36;
const GAP = 44;
const PLOT_H = 160;
const TOP = 22;
const LABEL_H = 34;
const LEFT = 40;

/**
 * The history section's view: an inline SVG chart (plain shapes, readable with scripts off), the same
 * numbers as a table, and the per-check changes since the previous run. Pure: reads only the report.
 */
export function historyView(h: ReportHistory) {
  const max = Math.max(1, ...h.runs.map((r) => STATUS_ORDER.reduce((n, s) => n + r.byStatus[s], 0)));
  const scale = PLOT_H / max;
  const bars = h.runs.map((run, i) => {
    const x = LEFT + GAP + i * (BAR + GAP);
    let y = TOP + PLOT_H;
    // Failures at the bottom, so the bars' baselines compare failing counts directly.
    const segments = STATUS_ORDER.filter((s) => run.byStatus[s] > 0).map((s) => {
      const height = run.byStatus[s] * scale;
      y -= height;
      return { status: s, x, y: round(y), width: BAR, height: round(height), title: `${run.byStatus[s]} ${STATUS_LABELS[s]}` };
    });
    const total = STATUS_ORDER.reduce((n, s) => n + run.byStatus[s], 0);
    return {
      now: run.now,
      date: run.now.slice(0, 10),
      time: run.now.slice(11, 16),
      current: i === h.runs.length - 1,
      segments,
      labelX: x + BAR / 2,
      labelY: TOP + PLOT_H + 14,
      timeY: TOP + PLOT_H + 28,
      failX: x + BAR / 2,
      failY: round(y - 5),
      fail: run.byStatus.fail,
      total,
    };
  });
  const width = LEFT + GAP + h.runs.length * (BAR + GAP);
  const failSeries = h.runs.map((r) => r.byStatus.fail).join(', ');
  return {
    limit: h.limit,
    runs: h.runs.map((r) => ({ ...r, counts: STATUS_ORDER.map((s) => r.byStatus[s]), incomplete: !r.complete })),
    chart: {
      width,
      height: TOP + PLOT_H + LABEL_H,
      axisY: TOP + PLOT_H,
      maxY: TOP,
      max,
      bars,
      description: `Stacked bars of check statuses for ${h.runs.length} run(s), oldest first; failing checks per run: ${failSeries}.`,
    },
    previous: h.previous,
    groups: TRANSITIONS.map((key) => ({ key, label: TRANSITION_LABELS[key], checks: h.checks.filter((c) => c.change === key) })).filter((g) => g.checks.length > 0),
    ignored: h.ignored,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
