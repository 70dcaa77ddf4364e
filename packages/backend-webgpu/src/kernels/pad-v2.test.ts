import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import '../register.js';
import { webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

// tfjs-backend-webgpu's own kernel, taken from the registry before setBackend('webgpu') replaces it.
let tfjsKernel: KernelConfig | undefined;
if (row?.available) {
  await import('@tensorflow/tfjs-backend-webgpu');
  tfjsKernel = tf.getKernel('PadV2', 'webgpu');
}

/** Row-major pad by a direct loop: every output index maps back to an input index or to the constant. */
function padByLoop(x: ArrayLike<number>, shape: number[], paddings: Array<[number, number]>, value: number): number[] {
  const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const size = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let source = 0;
    let inside = true;
    for (let axis = outShape.length - 1, stride = 1; axis >= 0; axis--) {
      const coord = (rest % outShape[axis]!) - paddings[axis]![0];
      rest = Math.floor(rest / outShape[axis]!);
      if (coord < 0 || coord >= shape[axis]!) inside = false;
      source += coord * stride;
      stride *= shape[axis]!;
    }
    out.push(inside ? x[source]! : value);
  }
  return out;
}

async function read(info: TensorInfo): Promise<number[]> {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  const values = Array.from(await t.data());
  t.dispose();
  return values;
}

const cases: Array<[string, number[], Array<[number, number]>, number, 'float32' | 'int32']> = [
  ['rank 5, float32', [2, 3, 1, 2, 3], [[0, 1], [2, 0], [0, 0], [1, 1], [0, 2]], 0.5, 'float32'],
  ['rank 6, float32', [2, 1, 3, 2, 1, 2], [[1, 0], [0, 1], [0, 0], [0, 1], [1, 1], [0, 0]], 0, 'float32'],
  ['rank 5, int32', [1, 2, 2, 2, 2], [[0, 0], [0, 0], [1, 0], [0, 0], [0, 1]], -7, 'int32'],
];

describe.skipIf(!row?.available)(`PadV2 on webgpu (${row?.reason ?? 'available'})`, () => {
  afterAll(async () => {
    tf.env().set('WEBGPU_CPU_FORWARD', true);
    await webgpuBackend.dispose!();
  });

  test.each(cases)('%s equals the loop (tfjs-backend-webgpu\'s shader does not compile past rank 4)', async (_label, shape, paddings, constantValue, dtype) => {
    await setBackend('webgpu');
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    expect(tf.getKernel('PadV2', 'webgpu')?.kernelFunc).not.toBe(tfjsKernel?.kernelFunc);
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, k) => (dtype === 'int32' ? k + 1 : Math.sin(k) + 2));
    const expected = padByLoop(dtype === 'int32' ? values : Float32Array.from(values), shape, paddings, constantValue);
    const [fixed, unfixed] = await expectNoLeaks(async () => {
      const x = tf.tensor(values, shape, dtype);
      // tfjs's kernel first: its shader never writes the output, so run after ours it would hand back
      // the recycled GPU buffer of our (right) result. (The WGSL errors this logs are expected.)
      const before = await read(tfjsKernel!.kernelFunc({ inputs: { x }, backend: tf.backend(), attrs: { paddings, constantValue } }) as TensorInfo);
      const ids = tf.backend().numDataIds();
      const y = tf.pad(x, paddings, constantValue);
      expect(y.dtype).toBe(dtype);
      const got = Array.from(await y.data());
      y.dispose();
      expect(tf.backend().numDataIds(), 'backend data left by the kernel').toBe(ids);
      x.dispose();
      return [got, before];
    });
    expect(fixed).toEqual(expected);
    expect(unfixed, 'tfjs-backend-webgpu alone was right').not.toEqual(expected);
  });
});
