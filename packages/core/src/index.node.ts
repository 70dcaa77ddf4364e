/**
 * The Node entry of @sinew/core (the package's `node` export condition): everything in the
 * portable entry, plus file-system save and load (`model.save('./model.sinew')`, `loadModel(path)`).
 */
import { registerFileScheme } from './io/file.node.js';

export * from './index.js';
export { csvFileSink } from './callbacks/csv-file-sink.node.js';
export { writeFileAtomic, readModelFile, registerFileScheme, type AtomicFs } from './io/file.node.js';

registerFileScheme();
