/**
 * The one vitest configuration every package uses.
 *
 * Tests read sibling packages from `src/` through the `@sinew/source` export condition, so a change in
 * a dependency is seen at once, without a build. Each run also writes `test-results.json`, which the
 * root `pnpm test` adds up into one closing line.
 */
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const sourceConditions = ['@sinew/source', 'module', 'node', 'development|production'];

export function sinewVitestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['node'] } },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // Two cores on CI machines: forks keep wasm and native modules isolated per file.
      pool: 'forks',
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
      ...overrides,
    },
  });
}
