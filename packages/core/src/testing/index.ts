export { runLayerTest, type LayerTestArgs, type LayerTestReport, type TwinLayer } from './run-layer-test.js';
