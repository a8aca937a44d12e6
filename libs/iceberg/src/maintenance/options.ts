// Validation of maintenance options: a wrong threshold deletes data or history, so it is refused, not clamped.
import { InvalidMaintenanceOptionError } from '../errors.js';

export function checkDate(option: string, value: Date): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidMaintenanceOptionError(option, value, 'a valid Date');
  return ms;
}

export function checkCount(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new InvalidMaintenanceOptionError(option, value, `an integer of at least ${min}`);
  return value;
}
