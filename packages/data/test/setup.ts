// Every test file runs on tfjs's plain-JS 'cpu' backend (the reference), set up once per file.
import * as tf from '@tensorflow/tfjs-core';
import { cpuBackend } from '@sinew/backend-cpu';

await cpuBackend.init();
await tf.setBackend('cpu');
await tf.ready();
