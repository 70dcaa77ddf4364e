import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import '@sinew/backend-cpu/register';
import '../register.js';
import { webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');
const name = 'DepthwiseConv2dNativeBackpropInput';

// tfjs-backend-webgpu's own kernel, taken from the registry before setBackend('webgpu') replaces it.
let tfjsKernel: KernelConfig | undefined;
if (row?.available) {
  await import('@tensorflow/tfjs-backend-webgpu');
  tfjsKernel = tf.getKernel(name, 'webgpu');
}

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Geometry {
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

/** Output size and leading pad of one spatial axis, by TensorFlow's rules for 'same', 'valid' and explicit pads. */
function axis(n: number, k: number, stride: number, rate: number, pad: Pad, i: 1 | 2): { out: number; before: number } {
  const span = (k - 1) * rate + 1;
  if (pad === 'same') {
    const out = Math.ceil(n / stride);
    return { out, before: Math.floor(Math.max((out - 1) * stride + span - n, 0) / 2) };
  }
  if (pad === 'valid') return { out: Math.ceil((n - span + 1) / stride), before: 0 };
  const [before, after] = pad[i];
  return { out: Math.floor((n + before + after - span) / stride) + 1, before };
}

/**
 * dx of y[b,i,j,c·M+q] = Σ_{r,s} x[b, i·sh + r·dh − top, j·sw + s·dw − left, c] · w[r,s,c,q], by scattering
 * every product back onto the x pixel it read (a direct loop over the definition).
 */
function backpropInputByLoop(dy: Float32Array, w: Float32Array, xShape: number[], wShape: number[], g: Geometry): Float32Array {
  const [batch, height, width, inC] = xShape as [number, number, number, number];
  const [fh, fw, , mult] = wShape as [number, number, number, number];
  const rows = axis(height, fh, g.strides[0], g.dilations[0], g.pad, 1);
  const cols = axis(width, fw, g.strides[1], g.dilations[1], g.pad, 2);
  const dx = new Float32Array(batch * height * width * inC);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let r = 0; r < fh; r++) {
          const h = i * g.strides[0] + r * g.dilations[0] - rows.before;
          if (h < 0 || h >= height) continue;
          for (let s = 0; s < fw; s++) {
            const x = j * g.strides[1] + s * g.dilations[1] - cols.before;
            if (x < 0 || x >= width) continue;
            for (let c = 0; c < inC; c++) {
              for (let q = 0; q < mult; q++) {
                const dyAt = ((b * rows.out + i) * cols.out + j) * inC * mult + c * mult + q;
                dx[((b * height + h) * width + x) * inC + c]! += dy[dyAt]! * w[((r * fw + s) * inC + c) * mult + q]!;
              }
            }
          }
        }
      }
    }
  }
  return dx;
}

/**
 * <dx, x> = <dy, conv(x)> for any x: the loop is the adjoint of tfjs-backend-cpu's forward
 * DepthwiseConv2dNative (which honours dilations), so the reference itself is checked by an outside oracle.
 */
async function expectAdjointOfCpuForward(dy: Float32Array, w: Float32Array, dx: Float32Array, xShape: number[], wShape: number[], g: Geometry): Promise<void> {
  await setBackend('cpu');
  const x = Float32Array.from({ length: dx.length }, (_, k) => Math.sin(2.1 * k + 1));
  const y = await expectNoLeaks(async () => {
    const out = tf.tidy(() =>
      tf.engine().runKernel('DepthwiseConv2dNative', { x: tf.tensor(x, xShape), filter: tf.tensor(w, wShape) }, { strides: g.strides, dilations: g.dilations, pad: g.pad, dataFormat: 'NHWC' }) as tf.Tensor,
    );
    const values = await out.data();
    out.dispose();
    return values;
  });
  expect(y.length).toBe(dy.length);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((sum, v, k) => sum + v * b[k]!, 0);
  const [lhs, rhs] = [dot(dx, x), dot(dy, y)];
  expect(Math.abs(lhs - rhs), `<dx, x> = ${lhs}, <dy, conv(x)> = ${rhs}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(rhs)));
}

async function read(info: TensorInfo): Promise<Float32Array> {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

const cases: Array<[string, Geometry, number[], number[]]> = [
  ['dilations [2, 3], same', { strides: [1, 1], dilations: [2, 3], pad: 'same' }, [2, 9, 8, 3], [3, 2, 3, 2]],
  ['dilations 2, valid', { strides: [1, 1], dilations: [2, 2], pad: 'valid' }, [1, 8, 9, 2], [3, 3, 2, 1]],
  ['dilations [1, 2], explicit pad', { strides: [1, 1], dilations: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] }, [1, 7, 7, 2], [2, 3, 2, 3]],
];

describe.skipIf(!row?.available)(`${name} on webgpu (${row?.reason ?? 'available'})`, () => {
  afterAll(async () => {
    tf.env().set('WEBGPU_CPU_FORWARD', true);
    await webgpuBackend.dispose!();
  });

  test.each(cases)('%s: equals the loop over the definition (tfjs-backend-webgpu ignores the dilation)', async (label, g, xShape, wShape) => {
    const [batch, height, width, inC] = xShape as [number, number, number, number];
    const [fh, fw, , mult] = wShape as [number, number, number, number];
    const outH = axis(height, fh, g.strides[0], g.dilations[0], g.pad, 1).out;
    const outW = axis(width, fw, g.strides[1], g.dilations[1], g.pad, 2).out;
    const dyShape = [batch, outH, outW, inC * mult];
    const dyValues = Float32Array.from({ length: dyShape.reduce((a, b) => a * b) }, (_, k) => Math.sin(0.7 * k + 0.3));
    const wValues = Float32Array.from({ length: wShape.reduce((a, b) => a * b) }, (_, k) => Math.cos(1.3 * k) + 0.1 * k);
    const expected = backpropInputByLoop(dyValues, wValues, xShape, wShape, g);
    await expectAdjointOfCpuForward(dyValues, wValues, expected, xShape, wShape, g);
    const attrs: NamedAttrMap = { strides: g.strides, dilations: g.dilations, pad: g.pad, inputShape: xShape };

    await setBackend('webgpu');
    // Every kernel on the GPU, however small its inputs (tfjs-backend-webgpu may hand tiny ones to the CPU).
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    expect(tf.getKernel(name, 'webgpu')?.kernelFunc).not.toBe(tfjsKernel?.kernelFunc);

    const [fixed, unfixed] = await expectNoLeaks(async () => {
      const dy = tf.tensor(dyValues, dyShape);
      const w = tf.tensor(wValues, wShape);
      // The kernel's own intermediates are TensorInfos the engine does not count: count the backend's data.
      const dataIds = (): number => tf.backend().numDataIds();
      const idsBefore = dataIds();
      const out = tf.engine().runKernel(name, { dy, filter: w }, attrs) as tf.Tensor;
      expect(out.shape).toEqual(xShape);
      const got = (await out.data()) as Float32Array;
      out.dispose();
      expect(dataIds(), 'backend data left by the kernel').toBe(idsBefore);
      const before = await read(tfjsKernel!.kernelFunc({ inputs: { dy, filter: w }, backend: tf.backend(), attrs }) as TensorInfo);
      tf.dispose([dy, w]);
      return [got, before];
    });
    expectArraysClose(fixed, expected, { atol: 1e-4, rtol: 1e-4, label: `${name} ${label}` });
    expect(() => expectArraysClose(unfixed, expected, { atol: 1e-2, rtol: 1e-2 }), 'tfjs-backend-webgpu alone was right').toThrow();
  });
});
