/**
 * Side-effect entry: registers Sinew's gradients with tfjs-core's global registry on import. Listed in
 * package.json `sideEffects` so that bundlers keep it; `@sinew/backend`'s index imports it, so loading the
 * package in Node (ESM) or through a bundler leaves `tf.grad` working.
 */
import { registerGradients } from './register.js';

registerGradients();
