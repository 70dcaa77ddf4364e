import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, setSeed } from '@sinew/core';
import { copyTask } from '@sinew/data';
import { Seq2Seq, type AttentionScore } from './index.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);

const V = 8; // task tokens 1..7, BOS = 8
const L = 6;

function batch(count: number, seed: number): { src: tf.Tensor2D; tgt: tf.Tensor2D; ys: number[][] } {
  const data = copyTask({ count, length: L, vocabSize: V, reverse: true, seed });
  return { src: tf.tensor2d(data.map((d) => d.xs)), tgt: tf.tensor2d(data.map((d) => d.ys)), ys: data.map((d) => d.ys) };
}

describe('Seq2Seq', () => {
  it('learns to reverse sequences with general (Luong) attention; greedy and beam decoding', () => {
    setSeed(4);
    const s2s = new Seq2Seq({ sourceVocabSize: V, targetVocabSize: V + 1, bos: V, attention: 'general', units: 32, embeddingDim: 16 });
    const opt = new Adam({ learningRate: 0.02 });
    const test = batch(64, 999);
    for (let i = 0; i < 110; i++) {
      const b = batch(32, i);
      s2s.trainStep(b.src, b.tgt, opt);
      tf.dispose([b.src, b.tgt]);
    }
    const greedy = s2s.greedy(test.src, { maxLength: L });
    const tokenAcc = greedy.flat().filter((t, i) => t === test.ys.flat()[i]).length / (64 * L);
    expect(tokenAcc).toBeGreaterThan(0.9);
    const few = tf.slice(test.src, [0, 0], [4, L]);
    const beams = s2s.beamSearch(few, { beamWidth: 3, maxLength: L });
    const single = s2s.beamSearch(few, { beamWidth: 1, maxLength: L });
    beams.forEach((hyps, i) => {
      expect(hyps.length).toBe(3);
      expect(hyps[0]!.logProb).toBeGreaterThanOrEqual(hyps[1]!.logProb);
      // Width 1 is greedy decoding; a wider beam never finds a less likely best sequence here.
      expect(single[i]![0]!.tokens).toEqual(greedy[i]);
      expect(hyps[0]!.logProb).toBeGreaterThanOrEqual(single[i]![0]!.logProb - 1e-5);
    });
    tf.dispose([test.src, test.tgt, few]);
    s2s.dispose();
  });

  it('learns to reverse sequences with the Bahdanau decoder (context fed into the RNN)', () => {
    setSeed(6);
    const s2s = new Seq2Seq({ sourceVocabSize: V, targetVocabSize: V + 1, bos: V, attention: 'bahdanau', units: 32, embeddingDim: 16 });
    const opt = new Adam({ learningRate: 0.02 });
    const test = batch(64, 998);
    for (let i = 0; i < 110; i++) {
      const b = batch(32, 500 + i);
      s2s.trainStep(b.src, b.tgt, opt);
      tf.dispose([b.src, b.tgt]);
    }
    const greedy = s2s.greedy(test.src, { maxLength: L });
    const tokenAcc = greedy.flat().filter((t, i) => t === test.ys.flat()[i]).length / (64 * L);
    expect(tokenAcc).toBeGreaterThan(0.9);
    tf.dispose([test.src, test.tgt]);
    s2s.dispose();
  });

  for (const attention of ['additive', 'dot', 'bahdanau', null] as (AttentionScore | null)[]) {
    it(`trains with ${String(attention)} attention (loss falls)`, () => {
      setSeed(5);
      const s2s = new Seq2Seq({ sourceVocabSize: V, targetVocabSize: V + 1, bos: V, attention, units: 16, embeddingDim: 8 });
      const opt = new Adam({ learningRate: 0.02 });
      const b = batch(32, 1);
      const first = s2s.trainStep(b.src, b.tgt, opt);
      let last = first;
      for (let i = 0; i < 25; i++) last = s2s.trainStep(b.src, b.tgt, opt);
      expect(first).toBeGreaterThan(1.8); // ≈ ln 9 at the start
      expect(last).toBeLessThan(first * 0.8);
      tf.dispose([b.src, b.tgt]);
      s2s.dispose();
    });
  }
});
