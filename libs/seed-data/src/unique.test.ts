import { describe, expect, it } from 'vitest';
import { claimUnique, numberedEmail } from './unique.js';

describe('claimUnique', () => {
  it('keeps a free name and numbers a taken one, skipping numbers already taken', () => {
    const taken = new Set(['hopfan', 'hopfan2']);
    expect(claimUnique(taken, 'maltlover', (n) => `maltlover${n}`)).toBe('maltlover');
    expect(claimUnique(taken, 'hopfan', (n) => `hopfan${n}`)).toBe('hopfan3');
    expect(claimUnique(taken, 'hopfan', (n) => `hopfan${n}`)).toBe('hopfan4');
    expect([...taken]).toEqual(['hopfan', 'hopfan2', 'maltlover', 'hopfan3', 'hopfan4']);
  });
});

describe('numberedEmail', () => {
  it('numbers the local part', () => {
    expect(numberedEmail('Ann.Lee@example.com', 2)).toBe('Ann.Lee2@example.com');
  });
});
