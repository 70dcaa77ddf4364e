import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm');
function time(name, f, flops=0){ for(let i=0;i<2;i++) tf.dispose(f()); const t=performance.now(); const n=10; for(let i=0;i<n;i++){const y=f(); (Array.isArray(y)?y[0]:y).dataSync(); tf.dispose(y);} const ms=(performance.now()-t)/n; console.log(name, ms.toFixed(2),'ms', flops? (flops/ms/1e6).toFixed(2)+' GFLOP/s':''); }
const x = tf.randomNormal([8,32,32,16]), dy = tf.randomNormal([8,32,32,32]);
time('transpose dy [3,0,1,2]', ()=>tf.transpose(dy,[3,0,1,2]));
time('transpose x 2d', ()=>tf.transpose(tf.reshape(x,[8192,16])));
const xp = tf.pad(x, [[0,0],[1,1],[1,1],[0,0]]);
time('pad', ()=>tf.pad(x, [[0,0],[1,1],[1,1],[0,0]]));
time('9 strided slices', ()=>{const r=[]; for(let i=0;i<3;i++)for(let j=0;j<3;j++) r.push(tf.stridedSlice(xp,[0,i,j,0],[8,i+32,j+32,16],[1,1,1,1])); return r;});
time('9 slices', ()=>{const r=[]; for(let i=0;i<3;i++)for(let j=0;j<3;j++) r.push(tf.slice(xp,[0,i,j,0],[8,32,32,16])); return r;});
const parts=[]; for(let i=0;i<3;i++)for(let j=0;j<3;j++) parts.push(tf.slice(xp,[0,i,j,0],[8,32,32,16]));
time('concat last', ()=>tf.concat(parts,3));
time('stack axis 3', ()=>tf.stack(parts,3));
time('conv2d fwd', ()=>tf.conv2d(x, tf.zeros([3,3,16,32]),1,'same'), 2*8192*144*32);
time('conv2d backprop input', ()=>tf.conv2dTranspose(dy, tf.zeros([3,3,16,32]),[8,32,32,16],1,'same'), 2*8192*144*32);
