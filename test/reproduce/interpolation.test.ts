import { describe, expect, it } from 'vitest';
import { LagrangeDecoder, randomPolynomial } from '../../src/reproduce/interpolation.js';

describe('Lagrange decoding in a chosen number of decimal digits', () => {
  it('recovers the top coefficients exactly enough at high precision, for both node families', () => {
    const c = randomPolynomial(20, 7, 0);
    for (const family of ['integer', 'chebyshev'] as const) {
      expect(new LagrangeDecoder(family, 20, 80).relativeError(c)).toBeLessThan(1e-40);
    }
  });

  it('loses one digit of accuracy per digit of precision removed, more for integer nodes', () => {
    const c = randomPolynomial(25, 7, 1);
    const at = (family: 'integer' | 'chebyshev', digits: number) =>
      new LagrangeDecoder(family, 25, digits).relativeError(c);
    const drop = Math.log10(at('chebyshev', 20) / at('chebyshev', 30));
    expect(drop).toBeGreaterThan(8);
    expect(drop).toBeLessThan(12);
    expect(at('integer', 24)).toBeGreaterThan(1000 * at('chebyshev', 24));
  });

  it('draws exact decimal coefficients in [−1, 1] from Philox, reproducibly', () => {
    const a = randomPolynomial(30, 2018, 5);
    expect(a).toHaveLength(31);
    expect(a).toEqual(randomPolynomial(30, 2018, 5));
    expect(a).not.toEqual(randomPolynomial(30, 2018, 6));
    for (const x of a) {
      expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(Number.isInteger(Math.round(x * 1000))).toBe(true);
    }
  });
});
