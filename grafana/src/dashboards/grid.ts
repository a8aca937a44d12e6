// Places panels on Grafana's 24-column grid, left to right, a new line when one is full; rows take a full line.
import type { GridPos } from '@grafana/grafana-foundation-sdk/dashboard';

export const GRID_COLUMNS = 24;

export class Grid {
  private x = 0;
  private y = 0;
  private lineHeight = 0;
  private nextId = 1;

  /** The next panel id: in order of placement, so ids stay the same while the panels' order does. */
  id(): number {
    return this.nextId++;
  }

  /** A full-width row header, one unit high. */
  row(): GridPos {
    this.newLine();
    const at = { x: 0, y: this.y, w: GRID_COLUMNS, h: 1 };
    this.y += 1;
    return at;
  }

  place(w: number, h: number): GridPos {
    if (this.x + w > GRID_COLUMNS) this.newLine();
    const at = { x: this.x, y: this.y, w, h };
    this.x += w;
    this.lineHeight = Math.max(this.lineHeight, h);
    return at;
  }

  private newLine(): void {
    this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}
