import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm');
const r = tf.scatterND(tf.tensor2d([[0],[0],[2]],[3,1],'int32'), tf.tensor2d([[1,2],[3,4],[5,6]]), [3,2]);
console.log('scatter', Array.from(r.dataSync()));
const N=8*32*32, K=144, C=32;
const a = tf.randomNormal([N,K]), b = tf.randomNormal([N,C]);
function time(name, f){ for(let i=0;i<2;i++) f().dispose(); const t=performance.now(); const n=10; for(let i=0;i<n;i++){const y=f(); y.dataSync(); y.dispose();} const ms=(performance.now()-t)/n; console.log(name, ms.toFixed(2),'ms', (2*N*K*C/ms/1e6).toFixed(2),'GFLOP/s'); }
time('matmul tA', ()=>tf.matMul(a,b,true,false));
time('transpose+matmul', ()=>tf.tidy(()=>tf.matMul(tf.transpose(a),b)));
const at = tf.transpose(a);
time('matmul plain [K,N]x[N,C]', ()=>tf.matMul(at,b));
const bt = tf.transpose(b);
time('matmul tB [K,N]x[C,N]^T', ()=>tf.matMul(at,bt,false,true));
time('matmul [N,K]x[K,C]', ()=>tf.matMul(a,tf.zeros([K,C])));
