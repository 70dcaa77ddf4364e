import { describe, expect, test } from 'vitest';
import { describeAdapter, formatAdapter } from './adapter-description.js';

describe('describeAdapter', () => {
  test.each([
    [{ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' }, true],
    [{ vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, true],
    [{ vendor: 'mesa', device: 'lavapipe' }, true],
    [{ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }, true],
    [{ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' }, false],
    [{ vendor: 'intel', architecture: 'gen-12lp' }, false],
  ])('%o -> software %s', (info, software) => {
    expect(describeAdapter(info).software).toBe(software);
  });

  test('an adapter flagged as fallback is software whatever its name', () => {
    expect(describeAdapter({ vendor: 'acme', isFallbackAdapter: true }).software).toBe(true);
    expect(describeAdapter({ vendor: 'acme' }, true).software).toBe(true);
  });

  test('missing info (older browsers) gives empty fields, not undefined', () => {
    expect(describeAdapter(undefined)).toEqual({ vendor: '', architecture: '', device: '', description: '', software: false });
    expect(formatAdapter(describeAdapter(undefined))).toBe('unnamed adapter');
  });

  test('formatAdapter names vendor, architecture, driver and emulation', () => {
    const d = describeAdapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' });
    expect(formatAdapter(d)).toBe('google swiftshader (SwiftShader driver 5.0.0), software emulation');
  });
});
