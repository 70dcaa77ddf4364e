/**
 * @sinew/rnn: recurrent layers (SimpleRNN, LSTM, GRU), Bidirectional, TimeDistributed, Embedding,
 * masking, PyTorch weight converters, sequence models and the lectures' hand-built threshold RNNs.
 */
import { registerRecurrentLayer } from './layer-classes.js';
import { SimpleRNN } from './simple-rnn.js';
import { LSTM } from './lstm.js';
import { GRU } from './gru.js';
import { Bidirectional } from './bidirectional.js';
import { TimeDistributed } from './time-distributed.js';
import { Embedding } from './embedding.js';
import { Masking } from './masking.js';
import { SequencePooling } from './sequence-pooling.js';

// Saved models name layers by class; loading needs them registered.
for (const cls of [SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, Embedding, Masking, SequencePooling]) registerRecurrentLayer(cls);

export { attachMask, maskOf, type StepMask } from './mask.js';
export { BaseRNN, type BaseRNNArgs, type RNNCallOptions, type StepFn } from './base-rnn.js';
export { SimpleRNN, simpleRNN, type SimpleRNNArgs } from './simple-rnn.js';
export { LSTM, lstm, type LSTMArgs } from './lstm.js';
export { GRU, gru, type GRUArgs } from './gru.js';
export { Bidirectional, bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
export { TimeDistributed, timeDistributed, type TimeDistributedArgs } from './time-distributed.js';
export { Embedding, embedding, type EmbeddingArgs } from './embedding.js';
export { Masking, masking, type MaskingArgs } from './masking.js';
export { fromPyTorch, toPyTorch, type PyTorchRecurrentWeights, type RecurrentKind } from './pytorch-weights.js';
export { ThresholdRNN, comparisonRNN, parityRNN, summingRNN, type ThresholdRNNWeights } from './threshold-rnn.js';
export { fitTruncatedBPTT, type TruncatedBPTTArgs } from './truncated-bptt.js';
export { CharLanguageModel, type CharLanguageModelArgs, type CharFitOptions } from './char-language-model.js';
export { SequencePooling, sequencePooling, type SequencePoolingArgs } from './sequence-pooling.js';
export { Seq2Seq, type Seq2SeqArgs, type AttentionScore, type Hypothesis } from './seq2seq.js';
export { Word2Vec, type Word2VecArgs, type Neighbour } from './word2vec.js';
