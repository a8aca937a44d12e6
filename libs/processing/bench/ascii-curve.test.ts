import { describe, expect, it } from 'vitest';
import { asciiCurve, BOTH_MARK, InvalidCurveError, type CurveInput } from './ascii-curve.js';

const WIDTH = 21;
const HEIGHT = 6;
const curve = (overrides: Partial<CurveInput> = {}): CurveInput => ({
  xLabel: 'rows',
  xs: [10, 100],
  formatX: String,
  left: { mark: 'T', label: 'wall s', values: [1, 10], format: (v) => v.toFixed(1) },
  right: { mark: 'M', label: 'peak MB', values: [50, 50], format: (v) => v.toFixed(0) },
  width: WIDTH,
  height: HEIGHT,
  ...overrides,
});

/** The plot's cells, top row first: what is between the two axis bars of each row. */
function plot(lines: readonly string[]): string[] {
  return lines.slice(1, 1 + HEIGHT).map((line) => line.slice(line.indexOf('|') + 1, line.lastIndexOf('|')));
}

describe('the ASCII curve of two series', () => {
  it('draws a series proportional to x as a straight line towards the corner, capitals where measured', () => {
    const cells = plot(asciiCurve(curve({ right: { mark: 'M', label: 'peak MB', values: [0, 0], format: String } })));
    expect(cells.every((row) => row.length === WIDTH)).toBe(true);
    // x = 10 of 100 is column 2 of 0..20 at row 0.5 of 0..5 (rounded up); x = 100 is the top-right cell.
    expect(cells[0]?.[WIDTH - 1]).toBe('T');
    expect(cells[HEIGHT - 1 - 1]?.[2]).toBe('T');
    // Halfway (x = 55, column 11) the line is at 5.5 s: row 2.75 → 3 of 0..5.
    expect(cells[HEIGHT - 1 - 3]?.[11]).toBe('t');
    expect(cells.join('').replace(/[ tTmM]/g, '')).toBe('');
  });

  it('draws a constant series flat along the top of its own axis, and marks where both series fall', () => {
    const lines = asciiCurve(curve());
    const [top = '', ...below] = plot(lines);
    // Where the wall-time line reaches the top row near its end, both series share cells.
    expect(top.slice(2)).toMatch(new RegExp(`^Mm+${BOTH_MARK}+$`));
    expect(below.join('')).not.toMatch(/[mM]/);
    expect(lines[1]).toMatch(/^\s*10\.0 \|.*\| 50$/);
    expect(lines[HEIGHT]).toMatch(/^\s*0\.0 \|.*\| 0$/);
  });

  it('labels both axes, the x range and the legend', () => {
    const lines = asciiCurve(curve());
    expect(lines[0]).toMatch(/^wall s\s+peak MB$/);
    expect(lines[HEIGHT + 1]).toMatch(/^\s+\+-{21}\+$/);
    expect(lines[HEIGHT + 2]).toMatch(/^\s+0\s+rows\s+100$/);
    expect(lines.at(-1)).toContain('T wall s (left axis), M peak MB (right axis)');
  });

  it('draws a single measured point', () => {
    const cells = plot(asciiCurve(curve({ xs: [5], left: { mark: 'T', label: 't', values: [2], format: String }, right: { mark: 'M', label: 'm', values: [0], format: String } })));
    expect(cells[0]?.[WIDTH - 1]).toBe('T');
    expect(cells[HEIGHT - 1]?.[WIDTH - 1]).toBe('M');
  });

  it.each([
    [{ xs: [] }, 'at least one point'],
    [{ xs: [1, 2, 3] }, 'wall s: 2 values for 3 points'],
    [{ xs: [1, Number.NaN] }, 'x: NaN is not a finite value ≥ 0'],
    [{ right: { mark: 'T', label: 'm', values: [1, 2], format: String } }, 'Both series are marked "T"'],
    [{ right: { mark: 'mm', label: 'm', values: [1, 2], format: String } }, 'The mark "mm" is not one capital letter'],
    [{ width: 1 }, 'A plot of 1 × 6 cells cannot be drawn'],
  ])('refuses %j', (overrides, problem) => {
    const draw = () => asciiCurve(curve(overrides as Partial<CurveInput>));
    expect(draw).toThrow(InvalidCurveError);
    expect(draw).toThrow(problem);
  });
});
