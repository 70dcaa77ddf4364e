import { execFileSync } from 'node:child_process';

/**
 * Script lines that load tfjs-core and tfjs-backend-cpu the way a user without a Sinew backend
 * package would (tfjs-backend-cpu taken from @sinew/backend-cpu's dependencies), and fail if gradients
 * are already registered, which would make the check void.
 */
export const plainTfjsCpuPrelude: readonly string[] = [
  "import * as tf from '@tensorflow/tfjs-core';",
  "import { createRequire } from 'node:module';",
  "const req = createRequire(import.meta.resolve('@sinew/backend-cpu/register').replace('file://', ''));",
  "req('@tensorflow/tfjs-backend-cpu');",
  "if (tf.getGradient('Sum') != null) throw new Error('gradients were registered before the package under test: the check is void');",
];

/**
 * Runs an ES-module script in a plain Node process (not vitest's loader), reading workspace packages
 * from source, and returns the JSON its last line of output prints.
 */
export function runInFreshNode(lines: readonly string[], cwd: string): unknown {
  const out = execFileSync(process.execPath, ['--conditions=@sinew/source', '--import', 'tsx', '--input-type=module', '-e', lines.join('\n')], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}
