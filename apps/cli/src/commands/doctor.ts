import os from 'node:os';
import { disposeBackends, listBackends, setBackend } from '@sinew/backend';
import { registerInstalledBackends } from '../backends.js';
import type { Command } from './command.js';

export const doctor: Command = {
  summary: 'show the machine, every backend, and why unavailable ones are',
  help: [
    'Usage: sinew doctor [--json]',
    '',
    'Lists every registered backend with whether it can run here and, if not, why; starts each',
    'available one and prints what it reports about its device (real GPU or emulation).',
    '',
    'Options:',
    '  --json   print one JSON object instead of text',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run(values) {
    const packages = await registerInstalledBackends();
    const rows = await listBackends();
    const devices = [];
    for (const row of rows.filter((r) => r.available)) {
      try {
        devices.push(await setBackend(row.name));
      } catch (err) {
        devices.push({ name: row.name, error: (err as Error).message });
      }
    }
    await disposeBackends();
    const machine = { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1) };
    if (values.json) {
      console.log(JSON.stringify({ machine, packages, backends: rows, devices }, null, 2));
      return 0;
    }
    console.log(`Node ${machine.node} on ${machine.platform}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB`);
    for (const p of packages.filter((p) => !p.loaded)) console.log(`  (${p.module} not loaded: ${p.reason})`);
    console.log('\nBackends, best first:');
    for (const r of rows) {
      console.log(`  ${r.available ? '✓' : '✗'} ${r.name.padEnd(8)} priority ${String(r.priority).padStart(3)}  ${r.reason ?? ''}`);
    }
    console.log('\nDevices:');
    for (const d of devices) {
      if ('error' in d) console.log(`  ${d.name}: failed to start: ${d.error}`);
      else console.log(`  ${d.name.padEnd(8)} ${d.device}${d.software ? ' (software emulation)' : ''}`);
    }
    return 0;
  },
};
