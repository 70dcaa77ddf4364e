/** What Sinew reports about a WebGPU adapter: plain data, safe to print or send to `sinew doctor`. */
export interface AdapterDescription {
  /** e.g. 'nvidia', 'intel', 'google'. Empty when the runtime withholds it. */
  vendor: string;
  /** e.g. 'ampere', 'gen-12lp', 'swiftshader'. */
  architecture: string;
  /** The device name, e.g. 'swiftshader-device-subzero-'; often empty in browsers. */
  device: string;
  /** A driver description, e.g. 'SwiftShader driver 5.0.0'; often empty in browsers. */
  description: string;
  /** True for emulation (SwiftShader, llvmpipe, lavapipe, WARP) or an adapter flagged as fallback. */
  software: boolean;
}

/** The fields of GPUAdapterInfo Sinew reads; older runtimes lack some. */
export interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const softwareNames = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/**
 * Turns a `GPUAdapterInfo` into plain data and decides whether the adapter is a software one.
 *
 * @example
 * ```ts
 * const d = describeAdapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true });
 * d.software; // true
 * ```
 */
export function describeAdapter(info: AdapterInfoLike | undefined, isFallbackAdapter = false): AdapterDescription {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const software =
    isFallbackAdapter || info?.isFallbackAdapter === true || softwareNames.test([vendor, architecture, device, description].join(' '));
  return { vendor, architecture, device, description, software };
}

/**
 * One line for humans, e.g. 'google swiftshader (SwiftShader driver 5.0.0), software emulation'.
 *
 * @example
 * ```ts
 * formatAdapter(describeAdapter({ vendor: 'nvidia', architecture: 'ampere' })); // 'nvidia ampere'
 * ```
 */
export function formatAdapter(d: AdapterDescription): string {
  const name = [d.vendor, d.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  const detail = d.description || d.device;
  return `${name}${detail ? ` (${detail})` : ''}${d.software ? ', software emulation' : ''}`;
}
