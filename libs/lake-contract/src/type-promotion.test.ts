import { describe, expect, it } from 'vitest';
import { canPromote } from './type-promotion.js';

describe('canPromote', () => {
  it.each([
    ['int', 'long'],
    ['float', 'double'],
    ['decimal(9,2)', 'decimal(18,2)'],
    ['decimal(9, 2)', 'decimal(10,2)'],
    ['string', 'string'],
  ])('allows %s → %s', (from, to) => {
    expect(canPromote(from, to)).toBe(true);
  });

  it.each([
    ['long', 'int'],
    ['int', 'double'],
    ['int', 'string'],
    ['double', 'float'],
    ['date', 'timestamptz'],
    ['decimal(18,2)', 'decimal(9,2)'],
    ['decimal(9,2)', 'decimal(18,3)'],
    ['decimal(9,2)', 'double'],
    ['string', 'long'],
  ])('refuses %s → %s', (from, to) => {
    expect(canPromote(from, to)).toBe(false);
  });
});
