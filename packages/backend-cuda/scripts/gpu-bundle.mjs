// Builds .bench-out/cuda-gpu/: one self-contained folder that runs the real-GPU check on a machine
// with only the NVIDIA driver and libraries (no Node.js, no node_modules, no network):
//   gpu-check.mjs   the check (scripts/gpu-check.ts) with tfjs, Sinew and the bench bundled in
//   node_modules/   koffi and its linux-x64 binary (loaded at run time, not bundled)
//   *.wasm          tfjs-backend-wasm's binaries, for the wasm side of the benchmark
//   node.xz         this machine's node binary, compressed
//   run.sh          unpacks node and runs the check
// Usage: node packages/backend-cuda/scripts/gpu-bundle.mjs   (then carry .bench-out/cuda-gpu)
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkg, '..', '..');
const out = join(root, '.bench-out', 'cuda-gpu');
const requireFromTsx = createRequire(realpathSync(join(root, 'bench', 'node_modules', 'tsx', 'package.json')));
const esbuild = requireFromTsx('esbuild');

const nodeXz = join(out, 'node.xz');
const keepNode = existsSync(nodeXz) ? join(root, '.bench-out', 'node.xz.keep') : null;
if (keepNode) copyFileSync(nodeXz, keepNode);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: [join(pkg, 'scripts', 'gpu-check.ts')],
  outfile: join(out, 'gpu-check.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@sinew/source'],
  alias: { vitest: join(pkg, 'scripts', 'vitest-shim.ts'), '@sinew/backend-cuda': join(pkg, 'src', 'index.ts') },
  external: ['koffi'],
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __sinewCreateRequire } from 'node:module'; import { fileURLToPath as __sinewToPath } from 'node:url'; import { dirname as __sinewDirname } from 'node:path'; const require = __sinewCreateRequire(import.meta.url); const __filename = __sinewToPath(import.meta.url); const __dirname = __sinewDirname(__filename);",
  },
});

const koffiDir = realpathSync(join(pkg, 'node_modules', 'koffi'));
cpSync(koffiDir, join(out, 'node_modules', 'koffi'), { recursive: true, dereference: true });
const platformDir = realpathSync(join(koffiDir, '..', '@koromix', 'koffi-linux-x64'));
cpSync(platformDir, join(out, 'node_modules', '@koromix', 'koffi-linux-x64'), { recursive: true, dereference: true });

const wasmDist = realpathSync(join(root, 'packages', 'backend-cpu', 'node_modules', '@tensorflow', 'tfjs-backend-wasm'));
for (const f of readdirSync(join(wasmDist, 'dist'))) if (f.endsWith('.wasm')) copyFileSync(join(wasmDist, 'dist', f), join(out, f));

if (keepNode) {
  copyFileSync(keepNode, nodeXz);
  rmSync(keepNode);
} else {
  execFileSync('sh', ['-c', `xz -9 -T2 -c "${process.execPath}" > "${nodeXz}"`], { stdio: 'inherit' });
}

writeFileSync(
  join(out, 'run.sh'),
  `#!/usr/bin/env bash
# Runs the CUDA backend's real-GPU check with the carried node binary. Usage: bash run.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
node=/tmp/sinew-node
if [ ! -x "$node" ]; then
  if command -v xz >/dev/null; then xz -dc "$here/node.xz" > "$node"; else python3 -c "import lzma,sys; sys.stdout.buffer.write(lzma.open(sys.argv[1]).read())" "$here/node.xz" > "$node"; fi
  chmod +x "$node"
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
export SINEW_CUDA_CACHE_DIR=\${SINEW_CUDA_CACHE_DIR:-/tmp/sinew-cuda-cache}
cd "$here" && exec "$node" gpu-check.mjs "$@"
`,
  { mode: 0o755 },
);

const size = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(join(p, f)), 0) : statSync(p).size);
console.log(`${out}: ${(size(out) / 2 ** 20).toFixed(1)} MiB (the device tool carries at most 64 MiB)`);
