/**
 * Makes every installed Sinew backend known to the registry. The cpu/wasm package always is; the
 * GPU packages are optional, so a missing or broken one is reported, never fatal.
 */
import '@sinew/backend-cpu/register';

const optional = ['@sinew/backend-cuda/register', '@sinew/backend-webgpu/register'];

export interface LoadReport {
  module: string;
  loaded: boolean;
  reason?: string;
}

export async function registerInstalledBackends(): Promise<LoadReport[]> {
  const reports: LoadReport[] = [];
  for (const module of optional) {
    try {
      await import(module);
      reports.push({ module, loaded: true });
    } catch (err) {
      reports.push({ module, loaded: false, reason: (err as Error).message.split('\n')[0] });
    }
  }
  return reports;
}
