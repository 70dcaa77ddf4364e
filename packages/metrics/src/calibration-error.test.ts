import { describe, expect, it } from 'vitest';
import { CalibrationError, expectedCalibrationError } from './calibration-error.js';

describe('calibration error', () => {
  it('torchmetrics BinaryCalibrationError example (n_bins=2, l1)', () => {
    expect(expectedCalibrationError([0, 0, 1, 1, 1], [0.25, 0.25, 0.55, 0.75, 0.75], { numBins: 2 })).toBeCloseTo(0.29, 12);
  });

  it('torchmetrics MulticlassCalibrationError example (n_bins=3, l1)', () => {
    const preds = [[0.25, 0.2, 0.55], [0.55, 0.05, 0.4], [0.1, 0.3, 0.6], [0.9, 0.05, 0.05]];
    expect(expectedCalibrationError([0, 1, 2, 0], preds, { numClasses: 3, numBins: 3 })).toBeCloseTo(0.2, 12);
  });

  it('max and l2 norms (hand-computed on the binary example)', () => {
    // bin 1: conf 0.25, acc 0 (2 samples); bin 2: conf 0.68333, acc 1 (3 samples).
    const gap2 = 1 - (0.55 + 0.75 + 0.75) / 3;
    const t = [0, 0, 1, 1, 1];
    const p = [0.25, 0.25, 0.55, 0.75, 0.75];
    expect(expectedCalibrationError(t, p, { numBins: 2, norm: 'max' })).toBeCloseTo(Math.max(0.25, gap2), 12);
    expect(expectedCalibrationError(t, p, { numBins: 2, norm: 'l2' })).toBeCloseTo(Math.sqrt(0.4 * 0.25 ** 2 + 0.6 * gap2 ** 2), 12);
  });

  it('puts 0 in the first bin and 1 in the last; a perfectly calibrated model scores 0', () => {
    expect(expectedCalibrationError([0, 1], [0, 1], { numBins: 10 })).toBe(0);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => new CalibrationError().update([1], [1.5])).toThrow("CalibrationError: 'yPred' must hold probabilities in [0, 1], received 1.5 at sample 0");
  });
});
