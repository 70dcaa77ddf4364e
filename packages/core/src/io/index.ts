export {
  registerIOScheme,
  type SaveDestination,
  type SaveOptions,
  type SaveResult,
  type LoadSource,
  type SaveHandler,
  type LoadHandler,
  type SchemeHandlers,
} from './handlers.js';
export { encodeModel, saveModel } from './save-model.js';
export { loadModel } from './load-model.js';
export { serializeLayer, deserializeLayer } from './serialization.js';
export { FORMAT_VERSION, SINEW_VERSION, type ModelFileHeader, type TensorEntry } from './container.js';
export {
  toTfjsLayersArtifacts,
  toTfjsLayersModelJson,
  toTfjsLayersTopology,
  fromTfjsLayersArtifacts,
  loadTfjsLayersModel,
  saveTfjsLayersModel,
} from './tfjs-layers-format.js';
