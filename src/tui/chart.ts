/**
 * A scatter chart drawn with characters, for the terminal UI's TTFT-vs-rate view: pure, so a test
 * can assert its exact lines. The y axis starts at 0; an optional horizontal line marks the SLO.
 */
export interface ChartPoint {
  x: number;
  y: number;
  /** One character drawn at the point (later points win a shared cell). */
  mark: string;
}

export interface ChartOptions {
  /** Total columns, the y-axis labels included. */
  width: number;
  /** Plot rows, the x-axis line and its labels excluded. */
  height: number;
  /** A horizontal reference line (the SLO target), drawn with `-` under the points. */
  yLine?: number;
  /** Top of the y axis at most this; points above it are drawn as `^` on the top row. */
  yCap?: number;
}

const LABEL = 7; // "12.345 |" minus the bar

function fmt(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return String(Number(v.toFixed(1)));
  return String(Number(v.toPrecision(2)));
}

/** Lines of the chart: `height` plot rows, the x axis, and the x labels (min and max). */
export function renderChart(points: readonly ChartPoint[], o: ChartOptions): string[] {
  const cols = Math.max(8, o.width - LABEL - 1);
  const rows = Math.max(2, o.height);
  if (points.length === 0) return ['(no points yet)'];
  const xs = points.map((p) => p.x);
  let xMin = Math.min(...xs);
  let xMax = Math.max(...xs);
  if (xMax === xMin) {
    xMin = xMin * 0.5;
    xMax = xMax * 1.5 || 1;
  }
  const yMax = Math.min(Math.max(...points.map((p) => p.y), o.yLine ?? 0) * 1.1, o.yCap ?? Infinity) || 1;
  const grid: string[][] = Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
  const rowOf = (y: number) => rows - 1 - Math.min(rows - 1, Math.max(0, Math.round((y / yMax) * (rows - 1))));
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.round(((x - xMin) / (xMax - xMin)) * (cols - 1))));
  if (o.yLine !== undefined) grid[rowOf(o.yLine)].fill('-');
  for (const p of points) grid[rowOf(p.y)][colOf(p.x)] = p.y > yMax ? '^' : p.mark;
  const lines = grid.map((cells, i) => {
    const label = i === 0 ? fmt(yMax) : i === rows - 1 ? '0' : o.yLine !== undefined && i === rowOf(o.yLine) ? fmt(o.yLine) : '';
    return `${label.padStart(LABEL - 1)} |${cells.join('')}`;
  });
  lines.push(`${''.padStart(LABEL - 1)} +${'-'.repeat(cols)}`);
  const lo = fmt(xMin);
  const hi = fmt(xMax);
  lines.push(`${''.padStart(LABEL + 1)}${lo}${hi.padStart(cols - lo.length)}`);
  return lines;
}
