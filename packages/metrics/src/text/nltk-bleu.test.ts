import { describe, expect, it } from 'vitest';
import { NltkBleu, nltkBrevityPenalty, nltkCorpusBleu, nltkSentenceBleu } from './nltk-bleu.js';

// Expected values copied from NLTK's doctests in nltk/translate/bleu_score.py (nltk/nltk at 902dbeb).
const hypothesis1 = 'It is a guide to action which ensures that the military always obeys the commands of the party'.split(' ');
const hypothesis2 = 'It is to insure the troops forever hearing the activity guidebook that party direct'.split(' ');
const reference1 = 'It is a guide to action that ensures that the military will forever heed Party commands'.split(' ');
const reference2 = 'It is the guiding principle which guarantees the military forces always being under the command of the Party'.split(' ');
const reference3 = 'It is the practical guide for the army always to heed the directions of the party'.split(' ');
const references = [reference1, reference2, reference3];

/** A doctest `+ELLIPSIS` match: the printed value starts with `prefix`. */
const expectEllipsis = (value: number, prefix: string) => expect(String(value).startsWith(prefix), `${value} ~ ${prefix}...`).toBe(true);

describe('NLTK BLEU (bleu_score.py doctests)', () => {
  it('sentence_bleu of the Papineni example is 0.5045666840058485', () => {
    expect(nltkSentenceBleu(references, hypothesis1)).toBeCloseTo(0.5045666840058485, 14);
  });

  it('no 3-gram/4-gram overlap rounds to 0 without smoothing, 0.0370 with method1', () => {
    expect(Number(nltkSentenceBleu(references, hypothesis2).toFixed(4))).toBe(0);
    expectEllipsis(nltkSentenceBleu(references, hypothesis2, { smoothing: 'method1' }), '0.0370');
  });

  it('BLEU-5 with uniform weights is 0.3920...', () => {
    expectEllipsis(nltkSentenceBleu(references, hypothesis1, { weights: [0.2, 0.2, 0.2, 0.2, 0.2] }), '0.3920');
  });

  it('corpus_bleu is 0.5920... and differs from the mean of sentence BLEUs (0.6223...)', () => {
    const hyp2 = 'he read the book because he was interested in world history'.split(' ');
    const ref2a = 'he was interested in world history because he read the book'.split(' ');
    expectEllipsis(nltkCorpusBleu([references, [ref2a]], [hypothesis1, hyp2]), '0.5920');
    const mean = (nltkSentenceBleu(references, hypothesis1) + nltkSentenceBleu([ref2a], hyp2)) / 2;
    expectEllipsis(mean, '0.6223');
  });

  it('SmoothingFunction doctest: one reference, methods 0-3', () => {
    expectEllipsis(nltkSentenceBleu([reference1], hypothesis1), '0.4118');
    expectEllipsis(nltkSentenceBleu([reference1], hypothesis1, { smoothing: 'method1' }), '0.4118');
    // Current NLTK leaves unigrams unsmoothed in method2 and documents 0.4452...; releases that also
    // smoothed unigrams documented 0.4489...
    expectEllipsis(nltkSentenceBleu([reference1], hypothesis1, { smoothing: 'method2' }), '0.4452');
    expectEllipsis(nltkSentenceBleu([reference1], hypothesis1, { smoothing: 'method3' }), '0.4118');
  });

  it('modified unigram precision (weights [1], BP = 1): 0.2857... and 0.9444...', () => {
    const the7 = 'the the the the the the the';
    expect(nltkSentenceBleu(['the cat is on the mat', 'there is a cat on the mat'], the7, { weights: [1] })).toBeCloseTo(2 / 7, 14);
    expectEllipsis(nltkSentenceBleu(references, hypothesis1, { weights: [1] }), '0.9444');
  });

  it('candidate with no alignment scores 0 (bleu.doctest)', () => {
    expect(nltkSentenceBleu(['The candidate has no alignment to any of the references'], 'John loves Mary', { weights: [1] })).toBe(0);
  });

  it.each([
    [[12, 15, 17], 12, 1.0],
    [[28, 28], 12, 0.2635971381157267],
    [[13, 2], 12, Math.exp(1 - 13 / 12)], // doctest: 0.9200...
    [[13, 11], 12, 1.0],
    [[11, 13], 12, 1.0],
    [[11, 8], 7, Math.exp(1 - 8 / 7)], // doctest: 0.8668...
    [[11, 8, 6, 7], 7, 1.0],
  ])('brevity penalty, reference lengths %j, hypothesis %i', (refLens, hypLen, expected) => {
    const a = (n: number) => new Array<string>(n).fill('a');
    const m = new NltkBleu();
    m.update([refLens.map(a)], [a(hypLen)]);
    expect(m.brevityPenalty()).toBeCloseTo(expected, 12);
  });

  it('brevity penalty doctest digits (0.9200..., 0.8668...)', () => {
    expectEllipsis(nltkBrevityPenalty(13, 12), '0.9200');
    expectEllipsis(nltkBrevityPenalty(8, 7), '0.8668');
  });

  it('brevity penalty of an empty hypothesis is 0', () => {
    expect(nltkBrevityPenalty(5, 0)).toBe(0);
  });

  it('streams: split points and merge equal the one-shot corpus BLEU', () => {
    const hyp2 = 'he read the book because he was interested in world history'.split(' ');
    const ref2a = 'he was interested in world history because he read the book'.split(' ');
    const whole = nltkCorpusBleu([references, [ref2a]], [hypothesis1, hyp2]);
    const a = new NltkBleu();
    const b = new NltkBleu();
    a.update([references], [hypothesis1]);
    b.update([[ref2a]], [hyp2]);
    a.merge(b);
    expect(a.result()).toBeCloseTo(whole, 14);
  });
});
