/**
 * Shared harness of the depthwise backprop kernel tests (src/kernels/depthwise-conv2d-backprop-*.test.ts):
 * tfjs-backend-webgpu's original kernel vs Sinew's fixed kernel vs a loop over the definition, the loop itself
 * checked as the adjoint of tfjs-backend-cpu's forward DepthwiseConv2dNative. Test-only: it lives under test/
 * so that neither dist nor the published src ship it.
 */
import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import '@sinew/backend-cpu/register';
import '../../src/register.js';
import { webgpuBackend } from '../../src/index.js';

export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
export interface Geometry {
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

/** Sizes of a depthwise convolution of x [batch, height, width, inC] by a filter [fh, fw, inC, mult], and its two spatial axes. */
export function depthwiseDims(xShape: number[], wShape: number[], g: Geometry) {
  const [batch, height, width, inC] = xShape as [number, number, number, number];
  const [fh, fw, , mult] = wShape as [number, number, number, number];
  const rows = axis(height, fh, g.strides[0], g.dilations[0], g.pad, 1);
  const cols = axis(width, fw, g.strides[1], g.dilations[1], g.pad, 2);
  return { batch, height, width, inC, fh, fw, mult, rows, cols };
}

/** The geometry cases both kernels are tested on: [label, geometry, x shape, filter shape]. */
const cases: Array<[string, Geometry, number[], number[]]> = [
  ['dilations [2, 3], same', { strides: [1, 1], dilations: [2, 3], pad: 'same' }, [2, 9, 8, 3], [3, 2, 3, 2]],
  ['dilations 2, valid', { strides: [1, 1], dilations: [2, 2], pad: 'valid' }, [1, 8, 9, 2], [3, 3, 2, 1]],
  ['dilations [1, 2], explicit pad', { strides: [1, 1], dilations: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] }, [1, 7, 7, 2], [2, 3, 2, 3]],
];

/** Which forward input a backprop kernel differentiates with respect to; the other one is its second input. */
type Wrt = 'x' | 'filter';

/** Per `wrt`: the forward input's name in the kernel, and how the adjoint check's message names the pair. */
const roles: Record<Wrt, { other: 'x' | 'filter'; grad: string; probe: string }> = {
  x: { other: 'filter', grad: 'dx', probe: 'x' },
  filter: { other: 'x', grad: 'dW', probe: 'w' },
};

/**
 * <grad, p> = <dy, conv(p)> for any probe p in place of the input the kernel differentiates: the loop is the
 * adjoint of tfjs-backend-cpu's forward DepthwiseConv2dNative (which honours dilations), so the reference
 * itself is checked by an outside oracle.
 */
async function expectAdjointOfCpuForward(wrt: Wrt, other: Float32Array, dy: Float32Array, grad: Float32Array, xShape: number[], wShape: number[], g: Geometry): Promise<void> {
  await setBackend('cpu');
  const probe = Float32Array.from({ length: grad.length }, (_, k) => Math.sin(2.1 * k + 1));
  const [x, w] = wrt === 'x' ? [probe, other] : [other, probe];
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
  const [lhs, rhs] = [dot(grad, probe), dot(dy, y)];
  const { grad: gName, probe: pName } = roles[wrt];
  expect(Math.abs(lhs - rhs), `<${gName}, ${pName}> = ${lhs}, <dy, conv(${pName})> = ${rhs}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(rhs)));
}

async function read(info: TensorInfo): Promise<Float32Array> {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

/** One depthwise backprop kernel under test. */
export interface DepthwiseBackpropSpec {
  /** The kernel name, e.g. 'DepthwiseConv2dNativeBackpropInput'. */
  name: string;
  /** The forward input it differentiates with respect to ('x' for BackpropInput, 'filter' for BackpropFilter). */
  wrt: Wrt;
  /** Values of the other forward input (the filter for 'x', x for 'filter'), `length` of them. */
  other: (length: number) => Float32Array;
  /** The loop over the definition: the gradient from dy and the other input's values. */
  byLoop: (dy: Float32Array, other: Float32Array, xShape: number[], wShape: number[], g: Geometry) => Float32Array;
}

/**
 * Declares the suite of one depthwise backprop kernel: on every case Sinew's kernel on webgpu equals the loop
 * (within 1e-4), leaves no backend data behind, and tfjs-backend-webgpu's own kernel does not (it ignores the
 * dilation). Skipped where webgpu is unavailable.
 */
export async function describeDepthwiseBackprop(spec: DepthwiseBackpropSpec): Promise<void> {
  const { name, wrt } = spec;
  const row = (await listBackends()).find((r) => r.name === 'webgpu');
  // tfjs-backend-webgpu's own kernel, taken from the registry before setBackend('webgpu') replaces it.
  let tfjsKernel: KernelConfig | undefined;
  if (row?.available) {
    await import('@tensorflow/tfjs-backend-webgpu');
    tfjsKernel = tf.getKernel(name, 'webgpu');
  }

  describe.skipIf(!row?.available)(`${name} on webgpu (${row?.reason ?? 'available'})`, () => {
    afterAll(async () => {
      tf.env().set('WEBGPU_CPU_FORWARD', true);
      await webgpuBackend.dispose!();
    });

    test.each(cases)('%s: equals the loop over the definition (tfjs-backend-webgpu ignores the dilation)', async (label, g, xShape, wShape) => {
      const { batch, inC, mult, rows, cols } = depthwiseDims(xShape, wShape, g);
      const dyShape = [batch, rows.out, cols.out, inC * mult];
      const otherShape = wrt === 'x' ? wShape : xShape;
      const otherValues = spec.other(otherShape.reduce((a, b) => a * b));
      const dyValues = Float32Array.from({ length: dyShape.reduce((a, b) => a * b) }, (_, k) => Math.sin(0.7 * k + 0.3));
      const expected = spec.byLoop(dyValues, otherValues, xShape, wShape, g);
      await expectAdjointOfCpuForward(wrt, otherValues, dyValues, expected, xShape, wShape, g);
      const attrs: NamedAttrMap = { strides: g.strides, dilations: g.dilations, pad: g.pad, ...(wrt === 'x' ? { inputShape: xShape } : { filterShape: wShape }) };

      await setBackend('webgpu');
      // Every kernel on the GPU, however small its inputs (tfjs-backend-webgpu may hand tiny ones to the CPU).
      tf.env().set('WEBGPU_CPU_FORWARD', false);
      expect(tf.getKernel(name, 'webgpu')?.kernelFunc).not.toBe(tfjsKernel?.kernelFunc);
      const [fixed, unfixed] = await expectNoLeaks(async () => {
        const dy = tf.tensor(dyValues, dyShape);
        const other = tf.tensor(otherValues, otherShape);
        const inputs = { dy, [roles[wrt].other]: other };
        // The kernel's own intermediates are TensorInfos the engine does not count: count the backend's data.
        const dataIds = (): number => tf.backend().numDataIds();
        const idsBefore = dataIds();
        const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;
        expect(out.shape).toEqual(wrt === 'x' ? xShape : wShape);
        const got = (await out.data()) as Float32Array;
        out.dispose();
        expect(dataIds(), 'backend data left by the kernel').toBe(idsBefore);
        const before = await read(tfjsKernel!.kernelFunc({ inputs, backend: tf.backend(), attrs }) as TensorInfo);
        tf.dispose([dy, other]);
        return [got, before];
      });
      expectArraysClose(fixed, expected, { atol: 1e-4, rtol: 1e-4, label: `${name} ${label}` });
      expect(() => expectArraysClose(unfixed, expected, { atol: 1e-2, rtol: 1e-2 }), 'tfjs-backend-webgpu alone was right').toThrow();
    });
  });
}
