import * as tf from '@tensorflow/tfjs-core';
import type { Layer, LayerClass, Tensors } from '../engine/layer.js';
import { input } from '../engine/input-layer.js';
import { Model } from '../engine/model.js';
import { loadModel } from '../io/load-model.js';
import type { Shape } from '../engine/symbolic-tensor.js';

/** What the harness needs of a tfjs-layers layer (the oracle twin). */
export interface TwinLayer {
  apply(inputs: tf.Tensor | tf.Tensor[], kwargs?: Record<string, unknown>): unknown;
  setWeights(weights: tf.Tensor[]): void;
  /** tfjs-layers' LayerVariables; `read()` returns the underlying tf.Variable. */
  readonly trainableWeights: { read(): tf.Tensor }[];
  dispose?(): unknown;
}

/** Arguments of {@link runLayerTest}. */
export interface LayerTestArgs {
  /** Label for failure messages (default: the layer's class name). */
  label?: string;
  /** Makes a fresh layer (called several times). */
  create: () => Layer;
  /** Concrete input shape, batch included; a list of shapes for multi-input layers. */
  inputShape: number[] | number[][];
  /** Expected concrete output shape (checked against the real output and `computeOutputShape`). */
  expectedOutputShape?: number[] | number[][];
  /** Makes the tfjs-layers twin; its output and gradients must match with identical weights. */
  twin?: () => TwinLayer;
  /** Maps our weights (Keras order) to the twin's `setWeights` order; default identity. */
  toTwinWeights?: (ours: tf.Tensor[]) => tf.Tensor[];
  /** Maps the twin's trainable variables to ours, by index in our trainable order; default identity. */
  twinTrainableOrder?: number[];
  /** Also compare in training mode (`{ training: true }`), e.g. for BatchNormalization. Default false. */
  compareTraining?: boolean;
  /** Absolute and relative tolerance (default 1e-5). */
  tolerance?: number;
  /**
   * Compare gradients with respect to the weights with the twin (default true). Turn off only where
   * the twin itself is wrong, and check those gradients another way.
   */
  compareWeightGradients?: boolean;
  /** Whether the layer's output is random in training (dropout): skips exact training comparisons. */
  stochastic?: boolean;
  /** Check that one gradient step changes the trainable weights (default: when the layer has any). */
  checkTrainingStep?: boolean;
  /** Check a save/load round trip through the portable format (default true). */
  checkSaveLoad?: boolean;
  /** Custom inputs (default: seeded uniform in [-1, 1]). */
  makeInputs?: (shapes: number[][]) => tf.Tensor[];
}

/** What {@link runLayerTest} checked, for the test to log or assert on. */
export interface LayerTestReport {
  checks: string[];
  maxOutputDiff: number | null;
  maxGradDiff: number | null;
}

function fail(label: string, msg: string): never {
  throw new Error(`runLayerTest(${label}): ${msg}`);
}

function list(x: unknown): tf.Tensor[] {
  return Array.isArray(x) ? (x as tf.Tensor[]) : [x as tf.Tensor];
}

/** Largest |a - b| after checking shapes; fails beyond atol + rtol·|b|. */
function compare(label: string, what: string, a: tf.Tensor, b: tf.Tensor, tol: number): number {
  if (a.shape.join() !== b.shape.join()) fail(label, `${what}: shape [${a.shape.join(', ')}] differs from [${b.shape.join(', ')}]`);
  const av = a.dataSync();
  const bv = b.dataSync();
  let worst = 0;
  for (let i = 0; i < av.length; i++) {
    const d = Math.abs(av[i]! - bv[i]!);
    if (!(d <= tol + tol * Math.abs(bv[i]!))) fail(label, `${what}: element ${i} is ${av[i]}, expected ${bv[i]} (tolerance ${tol})`);
    worst = Math.max(worst, d);
  }
  return worst;
}

function sameShape(label: string, what: string, got: (number | null)[], want: (number | null)[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
    fail(label, `${what}: shape [${got.join(', ')}] differs from expected [${want.join(', ')}]`);
  }
}

/**
 * The one harness every layer test runs (Keras's `run_layer_test` idea). For a layer factory and an
 * input shape it checks, failing with a message that names the check:
 *
 * 1. output shape: the real output, `computeOutputShape` and a symbolic call agree (and match
 *    `expectedOutputShape` when given);
 * 2. oracle (when `twin` is given): with identical weights, the output and the gradients with
 *    respect to the input and to every trainable weight equal tfjs-layers' to `tolerance` (1e-5),
 *    in inference and, with `compareTraining`, in training mode;
 * 3. config round trip: `fromConfig(JSON(getConfig()))` with the same weights gives the same output;
 * 4. a training step (gradient descent on a random projection of the output) changes the weights;
 * 5. save/load: a model around the layer saved to bytes and loaded gives the same output;
 * 6. no tensor leaks: the live tensor count returns to where it started.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { dense } from '@sinew/core';
 * import { runLayerTest } from '@sinew/core/testing';
 * await runLayerTest({
 *   create: () => dense({ units: 3, activation: 'tanh' }),
 *   inputShape: [4, 5],
 *   expectedOutputShape: [4, 3],
 *   twin: () => tfl.layers.dense({ units: 3, activation: 'tanh' }),
 * });
 * ```
 */
export async function runLayerTest(args: LayerTestArgs): Promise<LayerTestReport> {
  const tol = args.tolerance ?? 1e-5;
  const before = tf.memory().numTensors;
  const multi = Array.isArray(args.inputShape[0]);
  const shapes = (multi ? args.inputShape : [args.inputShape]) as number[][];
  const report: LayerTestReport = { checks: [], maxOutputDiff: null, maxGradDiff: null };
  const layers: Layer[] = [];
  const twins: TwinLayer[] = [];
  const held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    held.push(t);
    return t;
  };
  let label = args.label ?? 'layer';
  try {
    const layer = args.create();
    layers.push(layer);
    label = args.label ?? `${layer.className} '${layer.name}'`;
    const xs = (args.makeInputs?.(shapes) ?? shapes.map((s, i) => tf.randomUniform(s, -1, 1, 'float32', 1234 + i))).map(keep);
    const feed = (x: tf.Tensor[]): Tensors => (multi ? x : x[0]!);

    // 1. Shapes.
    const y = list(layer.apply(feed(xs))).map(keep);
    const inferred = layer.computeOutputShape(multi ? shapes.map((s) => [null, ...s.slice(1)]) : [null, ...shapes[0]!.slice(1)]);
    const inferredList = (Array.isArray(inferred[0]) ? inferred : [inferred]) as Shape[];
    if (inferredList.length !== y.length) fail(label, `computeOutputShape gives ${inferredList.length} output(s), the layer returned ${y.length}`);
    y.forEach((t, i) => sameShape(label, `computeOutputShape (output ${i}, batch axis aside)`, inferredList[i]!.slice(1), t.shape.slice(1)));
    if (args.expectedOutputShape !== undefined) {
      const want = (Array.isArray(args.expectedOutputShape[0]) ? args.expectedOutputShape : [args.expectedOutputShape]) as number[][];
      y.forEach((t, i) => sameShape(label, `output ${i}`, t.shape, want[i]!));
    }
    const symLayer = args.create();
    layers.push(symLayer);
    const symIn = shapes.map((s) => input({ batchShape: [null, ...s.slice(1)] }));
    const symOut = symLayer.apply(multi ? symIn : symIn[0]!);
    const symList = Array.isArray(symOut) ? symOut : [symOut];
    symList.forEach((s, i) => sameShape(label, `symbolic output ${i} (batch axis aside)`, (s as { shape: Shape }).shape.slice(1), y[i]!.shape.slice(1)));
    report.checks.push('output shape');

    const weights = layer.getWeights().map(keep);
    const cotangents = y.map((t, i) => keep(tf.randomUniform(t.shape, -1, 1, 'float32', 99 + i)));
    const projected = (out: unknown): tf.Scalar =>
      list(out).reduce<tf.Scalar>((acc, t, i) => tf.add(acc, tf.sum(tf.mul(t, cotangents[i]!))) as tf.Scalar, tf.scalar(0));

    // 2. Oracle.
    if (args.twin !== undefined) {
      const twin = args.twin();
      twins.push(twin);
      tf.tidy(() => {
        twin.apply(multi ? xs : xs[0]!);
      });
      twin.setWeights(args.toTwinWeights ? args.toTwinWeights(weights) : weights);
      const modes = args.compareTraining ? [false, true] : [false];
      for (const training of modes) {
        if (training && args.stochastic) continue;
        const ours = list(layer.apply(feed(xs), { training })).map(keep);
        const theirs = list(tf.tidy(() => twin.apply(multi ? xs : xs[0]!, { training }) as tf.Tensor | tf.Tensor[])).map(keep);
        let worst = 0;
        ours.forEach((t, i) => (worst = Math.max(worst, compare(label, `output ${i} vs tfjs-layers (training=${training})`, t, theirs[i]!, tol))));
        report.maxOutputDiff = Math.max(report.maxOutputDiff ?? 0, worst);

        const gx = tf.grads((...inp: tf.Tensor[]) => projected(layer.apply(feed(inp), { training })))(xs).map(keep);
        const gxTwin = tf.grads((...inp: tf.Tensor[]) => projected(twin.apply(multi ? inp : inp[0]!, { training })))(xs).map(keep);
        let gworst = 0;
        gx.forEach((g, i) => (gworst = Math.max(gworst, compare(label, `gradient w.r.t. input ${i} vs tfjs-layers (training=${training})`, g, gxTwin[i]!, tol))));
        const vars = layer.trainableVariables;
        if (vars.length > 0 && (args.compareWeightGradients ?? true)) {
          const twinVars = twin.trainableWeights.map((w) => w.read() as tf.Variable);
          const order = args.twinTrainableOrder ?? vars.map((_, i) => i);
          const gw = tf.variableGrads(() => projected(layer.apply(feed(xs), { training })), vars);
          const gwTwin = tf.variableGrads(() => projected(twin.apply(multi ? xs : xs[0]!, { training })), twinVars);
          keep(gw.value);
          keep(gwTwin.value);
          vars.forEach((v, i) => {
            const tv = twinVars[order[i]!]!;
            const a = keep(gw.grads[v.name]!);
            const b = keep(gwTwin.grads[tv.name]!);
            if (a === undefined || b === undefined) fail(label, `no gradient for weight ${v.name}`);
            gworst = Math.max(gworst, compare(label, `gradient w.r.t. ${v.name} vs tfjs-layers (training=${training})`, a, b, tol));
          });
          for (const g of Object.values(gw.grads)) if (!held.includes(g)) g.dispose();
          for (const g of Object.values(gwTwin.grads)) if (!held.includes(g)) g.dispose();
        }
        report.maxGradDiff = Math.max(report.maxGradDiff ?? 0, gworst);
      }
      // Training mode may have moved state (moving statistics); restore ours for the checks below.
      layer.setWeights(weights);
      report.checks.push('tfjs-layers oracle');
    }

    // 3. Config round trip.
    const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, unknown>;
    const cls = layer.constructor as unknown as LayerClass;
    const copy = cls.fromConfig(config);
    layers.push(copy);
    tf.tidy(() => {
      copy.apply(feed(xs));
    });
    copy.setWeights(weights);
    const yCopy = list(copy.apply(feed(xs))).map(keep);
    yCopy.forEach((t, i) => compare(label, `output ${i} after fromConfig(getConfig())`, t, y[i]!, tol));
    report.checks.push('config round trip');

    // 4. A training step.
    const vars = layer.trainableVariables;
    if (args.checkTrainingStep ?? vars.length > 0) {
      if (vars.length === 0) fail(label, 'checkTrainingStep: the layer has no trainable weights');
      const snapshot = vars.map((v) => keep(tf.clone(v)));
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => projected(layer.apply(feed(xs), { training: true })), vars);
        for (const v of vars) v.assign(tf.sub(v, tf.mul(0.1, grads[v.name]!)));
      });
      const changed = vars.some((v, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(v, snapshot[i]!))).dataSync()[0]!) > 0);
      if (!changed) fail(label, 'a gradient step left every trainable weight unchanged');
      layer.setWeights(weights);
      report.checks.push('training step');
    }

    // 5. Save and load through the portable format.
    if (args.checkSaveLoad ?? true) {
      const saveLayer = args.create();
      layers.push(saveLayer);
      const ins = shapes.map((s) => input({ batchShape: [null, ...s.slice(1)] }));
      const outs = saveLayer.apply(multi ? ins : ins[0]!);
      const m = new Model({ inputs: multi ? ins : ins[0]!, outputs: outs as never });
      layers.push(m);
      m.setWeights(weights);
      const expected = list(m.apply(feed(xs))).map(keep);
      const bytes = await m.save('memory://');
      const loaded = await loadModel(bytes.bytes!);
      layers.push(loaded);
      const got = list(loaded.apply(feed(xs))).map(keep);
      got.forEach((t, i) => compare(label, `output ${i} after save/load`, t, expected[i]!, tol));
      report.checks.push('save/load round trip');
    }
  } finally {
    for (const t of held) t.dispose();
    for (const t of twins) t.dispose?.();
    for (const l of layers) l.dispose();
  }
  // 6. Leaks.
  const after = tf.memory().numTensors;
  if (after !== before) fail(label, `leaked ${after - before} tensor(s): ${before} live before the test, ${after} after disposing its layers`);
  report.checks.push('no leaks');
  return report;
}
