import { sinewVitestConfig } from '../../tooling/vitest.shared.js';

export default sinewVitestConfig();
