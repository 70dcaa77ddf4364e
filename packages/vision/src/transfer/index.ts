export { featureExtractor, freeze, extractFeatures, transferModel, type FeatureExtractorOptions, type TransferModelOptions } from './feature-extractor.js';
export { NearestNeighborClassifier, type NearestNeighborArgs } from './nearest-neighbor.js';
