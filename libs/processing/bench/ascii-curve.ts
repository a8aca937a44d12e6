// One ASCII chart of two series against a shared x axis, each on its own y axis (left and right), both from 0:
// e.g. wall time and peak memory against rows, so that linear growth shows as a straight line from the corner and
// bounded memory as a flat one. Measured points are capitals, the straight lines between them small letters.

export interface CurveSeries {
  /** One capital letter: measured points; its small letter draws the lines between them. */
  readonly mark: string;
  readonly label: string;
  /** One value per x, each ≥ 0. */
  readonly values: readonly number[];
  readonly format: (value: number) => string;
}

export interface CurveInput {
  readonly xLabel: string;
  /** Ascending or not, each ≥ 0. */
  readonly xs: readonly number[];
  readonly formatX: (x: number) => string;
  readonly left: CurveSeries;
  readonly right: CurveSeries;
  /** Plot columns and rows inside the axes; default 56 × 12. */
  readonly width?: number;
  readonly height?: number;
}

/** Where both series fall on one cell. */
export const BOTH_MARK = '@';

/** Thrown for data the chart cannot draw; names what is wrong. */
export class InvalidCurveError extends Error {
  override readonly name = 'InvalidCurveError';
}

function validate(input: CurveInput, width: number, height: number): void {
  const { xs, left, right } = input;
  if (xs.length === 0) throw new InvalidCurveError('A curve needs at least one point.');
  for (const [name, values] of [['x', xs], [left.label, left.values], [right.label, right.values]] as const) {
    if (values.length !== xs.length) throw new InvalidCurveError(`${name}: ${values.length} values for ${xs.length} points.`);
    const bad = values.find((v) => !(Number.isFinite(v) && v >= 0));
    if (bad !== undefined) throw new InvalidCurveError(`${name}: ${bad} is not a finite value ≥ 0.`);
  }
  for (const { mark } of [left, right]) if (!/^[A-Z]$/.test(mark)) throw new InvalidCurveError(`The mark "${mark}" is not one capital letter.`);
  if (left.mark === right.mark) throw new InvalidCurveError(`Both series are marked "${left.mark}".`);
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 2 && height >= 2)) throw new InvalidCurveError(`A plot of ${width} × ${height} cells cannot be drawn; it needs at least 2 × 2.`);
}

/** The value at x, linear between the measured points around it (x within their range). */
function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  const after = points.findIndex(([px]) => px >= x);
  const [x1, y1] = points[Math.max(after, 0)] as readonly [number, number];
  const before = points[after - 1];
  if (before === undefined || x1 === before[0]) return y1;
  return before[1] + ((y1 - before[1]) * (x - before[0])) / (x1 - before[0]);
}

export function asciiCurve(input: CurveInput): string[] {
  const width = input.width ?? 56;
  const height = input.height ?? 12;
  validate(input, width, height);
  const xMax = Math.max(...input.xs) || 1;
  const column = (x: number) => Math.round((x / xMax) * (width - 1));
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => ' '));
  const owner = Array.from({ length: height }, () => Array.from({ length: width }, () => ''));
  const put = (row: number, col: number, char: string, series: string) => {
    const cells = grid[height - 1 - row] as string[];
    const owners = owner[height - 1 - row] as string[];
    const other = owners[col] !== '' && owners[col] !== series;
    cells[col] = other ? BOTH_MARK : char;
    owners[col] = other ? BOTH_MARK : series;
  };
  const series = [input.left, input.right].map((s) => {
    const yMax = Math.max(...s.values) || 1;
    const points = input.xs.map((x, i) => [x, s.values[i] as number] as const).sort((a, b) => a[0] - b[0]);
    return { s, yMax, points, row: (v: number) => Math.round((v / yMax) * (height - 1)) };
  });
  // Lines first, measured points over them.
  for (const { s, points, row } of series) {
    const [first, last] = [points[0] as readonly [number, number], points.at(-1) as readonly [number, number]];
    for (let col = column(first[0]); col <= column(last[0]); col += 1) put(row(interpolate(points, (col / (width - 1)) * xMax)), col, s.mark.toLowerCase(), s.mark);
  }
  for (const { s, points, row } of series) for (const [x, v] of points) put(row(v), column(x), s.mark, s.mark);

  const [left, right] = series as [(typeof series)[0], (typeof series)[0]];
  const middle = Math.round((height - 1) / 2);
  const leftLabel = (r: number) => (r === height - 1 || r === middle || r === 0 ? left.s.format((left.yMax * r) / (height - 1)) : '');
  const rightLabel = (r: number) => (r === height - 1 || r === middle || r === 0 ? right.s.format((right.yMax * r) / (height - 1)) : '');
  const labelWidth = Math.max(left.s.label.length, ...grid.map((_, i) => leftLabel(i).length));
  const lines = [`${left.s.label.padEnd(labelWidth + 2 + width)}${right.s.label}`.trimEnd()];
  grid.forEach((cells, i) => {
    const r = height - 1 - i;
    lines.push(`${leftLabel(r).padStart(labelWidth)} |${cells.join('')}| ${rightLabel(r)}`.trimEnd());
  });
  lines.push(`${' '.repeat(labelWidth)} +${'-'.repeat(width)}+`);
  const xEnd = input.formatX(xMax);
  const xAxis = `0${input.xLabel.padStart(Math.floor((width + input.xLabel.length) / 2) - 1)}`;
  lines.push(`${' '.repeat(labelWidth + 2)}${xAxis.padEnd(width - xEnd.length)}${xEnd}`);
  lines.push(
    `${' '.repeat(labelWidth + 2)}${left.s.mark} ${left.s.label} (left axis), ${right.s.mark} ${right.s.label} (right axis); capitals measured, small letters in between, ${BOTH_MARK} both`,
  );
  return lines;
}
