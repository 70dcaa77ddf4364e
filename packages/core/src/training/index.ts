export type { Tensors, Trainable } from './trainable.js';
