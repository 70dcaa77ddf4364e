import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose } from '@sinew/tooling';
import { gru, lstm, type GRUArgs, type LSTMArgs } from './index.js';
import type { BaseRNN } from './base-rnn.js';
import { arange, useCpu } from './test-setup.js';

// Expected arrays copied from Keras 3's own tests (keras/src/layers/rnn/lstm_test.py and
// gru_test.py, test_correctness / test_statefulness / test_pass_initial_state / test_masking):
// kernel constant 0.01, recurrent kernel 0.02, bias 0.03, input arange(72).reshape(3, 6, 4), 3 units.
const constants = {
  kernelInitializer: { className: 'Constant', config: { value: 0.01 } },
  recurrentInitializer: { className: 'Constant', config: { value: 0.02 } },
  biasInitializer: { className: 'Constant', config: { value: 0.03 } },
};

function rows(...values: number[]): number[] {
  return values.flatMap((v) => [v, v, v]);
}

function run(make: () => tf.Tensor | tf.Tensor[], expected: number[]): void {
  const out = make();
  const y = Array.isArray(out) ? out[0]! : out;
  expectArraysClose(y.dataSync(), expected, { atol: 1e-5, rtol: 1e-5 });
  tf.dispose(out);
}

/** Keras's test_statefulness on arange([2, 3, 4]): the second call continues from the first, resetStates starts over. */
function statefulCase(layer: BaseRNN, expected: number[]): void {
  const x = arange([2, 3, 4]);
  tf.dispose(layer.apply(x));
  run(() => layer.apply(x), expected);
  layer.resetStates();
  tf.dispose(layer.apply(x));
  run(() => layer.apply(x), expected);
  layer.dispose();
  x.dispose();
}

/**
 * Keras's test_masking on arange([2, 4, 3]): the last output, all outputs (carried over masked
 * steps), all outputs with zeroOutputForMask, and goBackwards under `backMask`.
 */
function maskingCases(
  make: (extra: { returnSequences?: boolean; zeroOutputForMask?: boolean; goBackwards?: boolean }) => BaseRNN,
  maskRows: number[][],
  backMaskRows: number[][],
  expected: { last: number[]; sequences: number[]; zeroed: number[]; backwards: number[] },
): void {
  const x = arange([2, 4, 3]);
  const mask = tf.tensor2d(maskRows);
  const last = make({});
  run(() => last.apply(x, { mask }), expected.last);
  const seqLayer = make({ returnSequences: true });
  run(() => seqLayer.apply(x, { mask }), expected.sequences);
  const zero = make({ returnSequences: true, zeroOutputForMask: true });
  run(() => zero.apply(x, { mask }), expected.zeroed);
  const back = make({ goBackwards: true });
  const bmask = tf.tensor2d(backMaskRows);
  run(() => back.apply(x, { mask: bmask }), expected.backwards);
  for (const l of [last, seqLayer, zero, back]) l.dispose();
  tf.dispose([x, mask, bmask]);
}

beforeAll(useCpu);

describe('LSTM against Keras 3 test_correctness', () => {
  const seq = (): tf.Tensor => arange([3, 6, 4]);
  const cases: [string, Partial<LSTMArgs>, number[]][] = [
    ['default', {}, rows(0.6288687, 0.86899155, 0.9460773)],
    ['goBackwards', { goBackwards: true }, rows(0.35622165, 0.74789524, 0.8872726)],
    ['unitForgetBias false', { unitForgetBias: false }, rows(0.57019705, 0.8661914, 0.9459622)],
    ['useBias false', { useBias: false }, rows(0.54986924, 0.86226785, 0.9443936)],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => {
      const x = seq();
      const layer = lstm({ units: 3, ...constants, ...extra });
      run(() => layer.apply(x), expected);
      layer.dispose();
      x.dispose();
    });
  }

  it('stateful: the second call continues from the first, resetStates starts over', () => {
    const layer = lstm({ units: 4, stateful: true, ...constants });
    statefulCase(layer, [0.3124785, 0.3124785, 0.3124785, 0.3124785, 0.6863672, 0.6863672, 0.6863672, 0.6863672]);
  });

  it('initial state, forwards and backwards', () => {
    const x = arange([2, 4, 3]);
    const s = arange([2, 2]);
    for (const [goBackwards, expected] of [
      [false, [0.20574439, 0.3558822, 0.64930826, 0.66276]],
      [true, [0.13281618, 0.2790356, 0.5839337, 0.5992567]],
    ] as const) {
      const layer = lstm({ units: 2, goBackwards, ...constants });
      run(() => layer.apply(x, { initialState: [s, s] }), [...expected]);
      // The same through the Keras functional form [x, h0, c0].
      run(() => layer.apply([x, s, s]), [...expected]);
      layer.dispose();
    }
    tf.dispose([x, s]);
  });

  it('masking: carried outputs, zeroOutputForMask, and a backwards mask', () => {
    maskingCases((extra) => lstm({ units: 2, ...constants, ...extra }), [[1, 1, 1, 0], [1, 1, 0, 0]], [[0, 1, 1, 1], [0, 0, 1, 1]], {
      last: [0.11755939, 0.11755939, 0.28556206, 0.28556206],
      sequences: [
        0.0158891, 0.0158891, 0.05552048, 0.05552048, 0.11755939, 0.11755939, 0.11755939, 0.11755939,
        0.14185596, 0.14185596, 0.28556206, 0.28556206, 0.28556206, 0.28556206, 0.28556206, 0.28556206,
      ],
      zeroed: [
        0.0158891, 0.0158891, 0.05552048, 0.05552048, 0.11755939, 0.11755939, 0, 0,
        0.14185596, 0.14185596, 0.28556206, 0.28556206, 0, 0, 0, 0,
      ],
      backwards: [0.15341201, 0.15341201, 0.3844719, 0.3844719],
    });
  });
});

describe('GRU against Keras 3 test_correctness', () => {
  const cases: [string, Partial<GRUArgs>, number[]][] = [
    ['default (resetAfter true)', {}, rows(0.5217289, 0.6371659, 0.39384964)],
    ['goBackwards', { goBackwards: true }, rows(0.24406259, 0.611516, 0.3928808)],
    ['resetAfter false', { resetAfter: false }, rows(0.51447755, 0.6426879, 0.40208298)],
    ['useBias false', { useBias: false }, rows(0.49988455, 0.64701194, 0.4103359)],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => {
      const x = arange([3, 6, 4]);
      const layer = gru({ units: 3, ...constants, ...extra });
      run(() => layer.apply(x), expected);
      if (extra.resetAfter !== false && extra.useBias !== false) expect(layer.bias!.shape).toEqual([2, 9]);
      layer.dispose();
      x.dispose();
    });
  }

  it('stateful', () => {
    const layer = gru({ units: 4, stateful: true, ...constants });
    statefulCase(layer, [0.29542392, 0.29542392, 0.29542392, 0.29542392, 0.5885018, 0.5885018, 0.5885018, 0.5885018]);
  });

  it('initial state and returnState', () => {
    const x = arange([2, 4, 3]);
    const s = arange([2, 2]);
    for (const [goBackwards, expected] of [
      [false, [0.23774096, 0.33508456, 0.83659905, 1.0227708]],
      [true, [0.13486053, 0.23261218, 0.78257304, 0.9691353]],
    ] as const) {
      const layer = gru({ units: 2, goBackwards, returnState: true, ...constants });
      const [out, state] = layer.apply<tf.Tensor[]>(x, { initialState: [s] });
      expectArraysClose(out!.dataSync(), [...expected], { atol: 1e-5 });
      expectArraysClose(state!.dataSync(), [...expected], { atol: 1e-5 });
      tf.dispose([out!, state!]);
      layer.dispose();
    }
    tf.dispose([x, s]);
  });

  it('masking', () => {
    const mask = [[1, 1, 0, 1], [1, 0, 0, 1]];
    maskingCases((extra) => gru({ units: 2, ...constants, ...extra }), mask, mask, {
      last: [0.19393763, 0.19393763, 0.30818558, 0.30818558],
      sequences: [
        0.03606692, 0.03606692, 0.09497581, 0.09497581, 0.09497581, 0.09497581, 0.19393763, 0.19393763,
        0.16051409, 0.16051409, 0.16051409, 0.16051409, 0.16051409, 0.16051409, 0.30818558, 0.30818558,
      ],
      zeroed: [
        0.03606692, 0.03606692, 0.09497581, 0.09497581, 0, 0, 0.19393763, 0.19393763,
        0.16051409, 0.16051409, 0, 0, 0, 0, 0.30818558, 0.30818558,
      ],
      backwards: [0.11669192, 0.11669192, 0.28380975, 0.28380975],
    });
  });
});
