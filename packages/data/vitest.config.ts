import { sinewVitestConfig } from '../../tooling/vitest.shared.js';

export default sinewVitestConfig({
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  setupFiles: ['./test/setup.ts'],
});
