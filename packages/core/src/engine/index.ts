export { Layer, singleInput, singleShape, type LayerArgs, type CallOptions, type LayerWeight, type InputSpec, type LayerClass, type LayerJSON } from './layer.js';
export { SymbolicTensor, formatShape, isSymbolic, type Shape, type Node } from './symbolic-tensor.js';
export { InputLayer, input, inputLayer, type InputArgs } from './input-layer.js';
export { Model, model, type ModelArgs } from './model.js';
export { Sequential, sequential, type SequentialArgs } from './sequential.js';
export { registerLayer, getLayerClass } from './registry.js';
