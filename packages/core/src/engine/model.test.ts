import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectNoLeaks, expectTensorsClose } from '@sinew/tooling';
import { input } from './input-layer.js';
import { Model, model } from './model.js';
import { Sequential, sequential } from './sequential.js';
import { Layer, type Tensors } from './layer.js';
import { dense, Dense } from '../layers/dense.js';
import { add, concatenate } from '../layers/merge.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dropout } from '../layers/dropout.js';
import { lambda } from '../layers/lambda.js';
import { setSeed } from '../random/seed.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('functional graph', () => {
  test('a residual, two-input, two-output graph equals the same graph in tfjs-layers (outputs and gradients)', () => {
    const a = input({ shape: [4], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const h = dense({ units: 4, activation: 'relu' }).apply(concatenate().apply([a, b]));
    const r = add().apply([a, h]); // residual
    const shared = dense({ units: 2, activation: 'tanh' });
    const o1 = shared.apply(r);
    const o2 = shared.apply(a); // the same layer on another tensor: shared weights
    const m = model({ inputs: [a, b], outputs: [o1, o2] });
    expect(m.layers.map((l) => l.className)).toEqual(['InputLayer', 'InputLayer', 'Concatenate', 'Dense', 'Add', 'Dense']);
    expect(m.weights).toHaveLength(4);

    const ta = tfl.input({ shape: [4] });
    const tb = tfl.input({ shape: [3] });
    const th = tfl.layers.dense({ units: 4, activation: 'relu' }).apply(tfl.layers.concatenate().apply([ta, tb])) as tfl.SymbolicTensor;
    const tr = tfl.layers.add().apply([ta, th]) as tfl.SymbolicTensor;
    const tshared = tfl.layers.dense({ units: 2, activation: 'tanh' });
    const twin = tfl.model({ inputs: [ta, tb], outputs: [tshared.apply(tr) as tfl.SymbolicTensor, tshared.apply(ta) as tfl.SymbolicTensor] });
    const ws = m.getWeights();
    twin.setWeights(ws);

    const xa = tf.randomUniform([5, 4], -1, 1, 'float32', 1);
    const xb = tf.randomUniform([5, 3], -1, 1, 'float32', 2);
    const ours = m.apply<tf.Tensor[]>([xa, xb]);
    const theirs = twin.apply([xa, xb]) as tf.Tensor[];
    expectTensorsClose(ours[0]!, theirs[0]!);
    expectTensorsClose(ours[1]!, theirs[1]!);
    const loss = (f: (x: tf.Tensor[]) => tf.Tensor[]) => (p: tf.Tensor, q: tf.Tensor) => {
      const [y1, y2] = f([p, q]);
      return tf.add(tf.sum(tf.square(y1!)), tf.sum(y2!));
    };
    const g = tf.grads(loss((x) => m.apply<tf.Tensor[]>(x)))([xa, xb]);
    const gt = tf.grads(loss((x) => twin.apply(x) as tf.Tensor[]))([xa, xb]);
    expectTensorsClose(g[0]!, gt[0]!);
    expectTensorsClose(g[1]!, gt[1]!);
    const vg = tf.variableGrads(() => loss((x) => m.apply<tf.Tensor[]>(x))(xa, xb) as tf.Scalar, m.trainableVariables);
    const vgt = tf.variableGrads(() => loss((x) => twin.apply(x) as tf.Tensor[])(xa, xb) as tf.Scalar, twin.trainableWeights.map((w) => w.read() as tf.Variable));
    m.trainableVariables.forEach((v, i) => expectTensorsClose(vg.grads[v.name]!, vgt.grads[(twin.trainableWeights[i]!.read() as tf.Variable).name]!, { label: v.name }));
  });

  test('input shape errors and disconnected graphs are clear', () => {
    const a = input({ shape: [4], name: 'in_a' });
    const stray = input({ shape: [4], name: 'stray' });
    const y = add().apply([a, stray]);
    expect(() => model({ inputs: a, outputs: y })).toThrow("the outputs depend on input 'stray', which is not in inputs");
    const m = model({ inputs: a, outputs: dense({ units: 1 }).apply(a) });
    expect(() => m.apply(tf.ones([2, 5]))).toThrow("input 0 ('in_a') must have shape (None, 4), received [2, 5]");
    expect(() => m.apply([tf.ones([2, 4]), tf.ones([2, 4])])).toThrow('expected 1 input tensor(s), received 2');
  });

  test('a model is a layer: nested models, and a model in a Sequential', () => {
    const x = input({ shape: [3] });
    const inner = model({ inputs: x, outputs: dense({ units: 2 }).apply(x), name: 'inner' });
    const outer = sequential({ layers: [dense({ units: 3, inputShape: [5] }), inner, dense({ units: 1 })] });
    expect(outer.weights).toHaveLength(6);
    const y = outer.apply(tf.ones([4, 5])) as tf.Tensor;
    expect(y.shape).toEqual([4, 1]);
    const z = input({ shape: [3] });
    const again = model({ inputs: z, outputs: inner.apply(z) });
    expect((again.apply(tf.ones([2, 3])) as tf.Tensor).shape).toEqual([2, 2]);
    inner.trainable = false;
    expect(outer.trainableWeights).toHaveLength(4);
  });

  test('pinned training flag on a call (a layer always in inference)', () => {
    const x = input({ shape: [8] });
    const y = dropout({ rate: 0.9 }).apply(x, { training: false });
    const m = model({ inputs: x, outputs: y });
    const out = m.apply(tf.ones([2, 8]), { training: true }) as tf.Tensor;
    expect(Array.from(out.dataSync()).every((v) => v === 1)).toBe(true);
  });
});

describe('Sequential', () => {
  test('builds eagerly from inputShape, lazily otherwise; add and pop', () => {
    const eager = sequential({ layers: [dense({ units: 4, inputShape: [3] }), dense({ units: 2 })] });
    expect(eager.built).toBe(true);
    expect(eager.countParams()).toBe(16 + 10);
    const lazy = new Sequential();
    lazy.add(dense({ units: 4 }));
    expect(lazy.built).toBe(false);
    expect((lazy.apply(tf.ones([1, 7])) as tf.Tensor).shape).toEqual([1, 4]);
    expect(lazy.countParams()).toBe(32);
    lazy.add(dense({ units: 1 }));
    expect(lazy.countParams()).toBe(37);
    expect(lazy.pop().className).toBe('Dense');
    expect(() => lazy.add(lazy.layers[0]!)).toThrow('was already added');
  });

  test('summary prints layers, output shapes and parameter counts like Keras', () => {
    const m = sequential({
      name: 'mlp',
      layers: [
        dense({ units: 16, activation: 'relu', inputShape: [8], name: 'hidden' }),
        batchNormalization({ name: 'bn' }),
        dense({ units: 3, activation: 'softmax', name: 'out' }),
      ],
    });
    const lines: string[] = [];
    const text = m.summary((l) => lines.push(l));
    expect(lines).toEqual([text]);
    expect(text).toBe(
      [
        'Model: "mlp"',
        '______________________________________________________________________',
        ' Layer (type)                    Output Shape              Param #',
        '======================================================================',
        ' hidden (Dense)                  (None, 16)                144',
        ' bn (BatchNormalization)         (None, 16)                64',
        ' out (Dense)                     (None, 3)                 51',
        '======================================================================',
        'Total params: 259',
        'Trainable params: 227',
        'Non-trainable params: 32',
        '______________________________________________________________________',
      ].join('\n'),
    );
  });

  test('summary of an unbuilt model says so in full', () => {
    const text = sequential({ name: 'lazy', layers: [dense({ units: 3, name: 'd' })] }).summary(() => {});
    expect(text.split('\n')).toContain(' d (Dense)                       ?                         0 (unbuilt)');
  });

  test('functional summary lists connections', () => {
    const a = input({ shape: [2], name: 'x_in' });
    const d = dense({ units: 2, name: 'd1' });
    const s = add({ name: 'sum' }).apply([a, d.apply(a)]);
    const text = model({ inputs: a, outputs: s, name: 'res' }).summary(() => undefined);
    const lines = text.split('\n');
    expect(lines).toContain(`${' x_in (InputLayer)'.padEnd(33)}${'(None, 2)'.padEnd(26)}0`);
    expect(lines).toContain(`${' d1 (Dense)'.padEnd(33)}${'(None, 2)'.padEnd(26)}${'6'.padEnd(11)}x_in[0][0]`);
    expect(lines).toContain(`${' sum (Add)'.padEnd(33)}${'(None, 2)'.padEnd(26)}${'0'.padEnd(11)}x_in[0][0]`);
    expect(text.split('\n')).toContain(`${' '.repeat(70)}d1[0][0]`);
    expect(text).toContain('Total params: 6');
  });
});

describe('differentiable, reproducible, leak-free', () => {
  test('model.apply works inside tf.grad for gradients with respect to inputs', () => {
    setSeed(1);
    const m = sequential({ layers: [dense({ units: 1, inputShape: [2], useBias: false })] });
    const [k] = m.getWeights();
    const g = tf.grad((x: tf.Tensor) => tf.sum(m.apply(x) as tf.Tensor))(tf.ones([3, 2]));
    // d/dx of sum(x·k) is k for every row.
    expectTensorsClose(g, tf.tile(tf.reshape(k!, [1, 2]), [3, 1]));
  });

  test('setSeed gives bit-identical weights and training losses on cpu', () => {
    const runOnce = (seed: number): number[] => {
      setSeed(seed);
      const m = sequential({ layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dropout({ rate: 0.3 }), dense({ units: 1 })] });
      const x = tf.randomUniform([16, 4], -1, 1, 'float32', 5);
      const y = tf.randomUniform([16, 1], -1, 1, 'float32', 6);
      const losses: number[] = [];
      for (let step = 0; step < 5; step++) {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(m.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar, m.trainableVariables);
          for (const v of m.trainableVariables) v.assign(tf.sub(v, tf.mul(0.1, grads[v.name]!)));
          losses.push(value.dataSync()[0]!);
        });
      }
      losses.push(...Array.from(m.weights[0]!.dataSync()));
      m.dispose();
      tf.dispose([x, y]);
      return losses;
    };
    const a = runOnce(42);
    const b = runOnce(42);
    const c = runOnce(43);
    expect(b).toEqual(a); // bit-identical (toEqual on numbers compares exactly)
    expect(c).not.toEqual(a);
  });

  test('forward passes, gradients and dispose leave no tensors behind', async () => {
    await expectNoLeaks(() => {
      const x = input({ shape: [3] });
      const m = model({ inputs: x, outputs: dense({ units: 2 }).apply(add().apply([x, dense({ units: 3 }).apply(x)])) });
      const xs = tf.ones([2, 3]);
      tf.tidy(() => {
        m.apply(xs);
        tf.variableGrads(() => tf.sum(m.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar);
      });
      m.dispose();
      xs.dispose();
    });
  });
});

describe('subclassed models and lambda', () => {
  class TwoTower extends Model {
    static override readonly className = 'TwoTower';
    left = new Dense({ units: 3 });
    right = new Dense({ units: 3 });
    override call(inputs: Tensors): Tensors {
      const x = inputs as tf.Tensor;
      return tf.add(this.left.apply(x), tf.square(this.right.apply(x)));
    }
  }
  test('fields that hold layers are tracked: weights, freezing, gradients', () => {
    const m = new TwoTower();
    const y = m.apply(tf.ones([2, 4])) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    expect(m.layers).toEqual([m.left, m.right]);
    expect(m.weights).toHaveLength(4);
    m.right.trainable = false;
    expect(m.trainableVariables).toHaveLength(2);
    const { grads } = tf.variableGrads(() => tf.sum(m.apply(tf.ones([2, 4])) as tf.Tensor) as tf.Scalar, m.trainableVariables);
    expect(Object.keys(grads)).toHaveLength(2);
    expect(() => m.getConfig()).toThrow('subclassed models cannot be serialized as topology');
  });
  test('lambda infers its output shape and runs in graphs', () => {
    const x = input({ shape: [4] });
    const y = lambda({ fn: (t) => tf.slice(t as tf.Tensor, [0, 0], [-1, 2]) }).apply(x);
    expect(y.shape).toEqual([null, 2]);
    const m = model({ inputs: x, outputs: y });
    expect(Array.from((m.apply(tf.tensor2d([[1, 2, 3, 4]])) as tf.Tensor).dataSync())).toEqual([1, 2]);
  });
  test('a custom Layer subclass', () => {
    class Scale extends Layer {
      static override readonly className = 'ScaleTest';
      scale: tf.Variable | null = null;
      override build(shape: (number | null)[] | (number | null)[][]) {
        const s = shape as (number | null)[];
        this.scale = this.addWeight('scale', [s[s.length - 1]!], { initializer: 'ones' });
      }
      call(x: Tensors): tf.Tensor {
        return tf.mul(x as tf.Tensor, this.scale!);
      }
    }
    const l = new Scale();
    expect(l.name).toMatch(/^scale_test/);
    expect(Array.from(l.apply(tf.tensor2d([[2, 3]])).dataSync())).toEqual([2, 3]);
    expect(l.weightRecords[0]!.name).toMatch(/\/scale$/);
  });
});
