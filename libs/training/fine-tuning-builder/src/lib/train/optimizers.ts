import * as tf from '@tensorflow/tfjs';
import type { OptimizerSpec } from '../plan/training-plan.js';

/**
 * A first-order optimizer over a fixed list of variables. The learning rate is passed to every
 * step, so schedules are exact and visible; weight decay is decoupled (`w ← w − lr·wd·w`).
 */
export interface VariableOptimizer {
  /** Applies one update; `grads[i]` belongs to the i-th variable (the caller disposes them). */
  step(grads: readonly tf.Tensor[], learningRate: number): void;
  dispose(): void;
}

/** A non-trainable zero variable shaped like `v` (no intermediate tensor left behind). */
function slot(v: tf.Variable): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(v), false));
}

function decay(v: tf.Variable, learningRate: number, weightDecay: number): tf.Tensor | null {
  return weightDecay > 0 ? tf.mul(v, tf.scalar(learningRate * weightDecay)) : null;
}

/** Creates the optimizer a plan asks for over `variables` (frozen ones must already be left out). */
export function createVariableOptimizer(spec: OptimizerSpec, variables: readonly tf.Variable[]): VariableOptimizer {
  switch (spec.kind) {
    case 'sgd': {
      const velocity = spec.momentum > 0 ? variables.map((v) => slot(v)) : [];
      return {
        step(grads, lr) {
          tf.tidy(() => {
            variables.forEach((v, i) => {
              let g = grads[i] as tf.Tensor;
              if (spec.momentum > 0) {
                const vel = velocity[i] as tf.Variable;
                vel.assign(tf.add(tf.mul(vel, tf.scalar(spec.momentum)), g));
                g = vel;
              }
              let next = tf.sub(v, tf.mul(g, tf.scalar(lr)));
              const d = decay(v, lr, spec.weightDecay);
              if (d) next = tf.sub(next, d);
              v.assign(next);
            });
          });
        },
        dispose() {
          velocity.forEach((t) => t.dispose());
        },
      };
    }
    case 'adam': {
      const m = variables.map((v) => slot(v));
      const s = variables.map((v) => slot(v));
      let t = 0;
      return {
        step(grads, lr) {
          t += 1;
          const c1 = 1 - spec.beta1 ** t;
          const c2 = 1 - spec.beta2 ** t;
          tf.tidy(() => {
            variables.forEach((v, i) => {
              const g = grads[i] as tf.Tensor;
              const mi = m[i] as tf.Variable;
              const si = s[i] as tf.Variable;
              mi.assign(tf.add(tf.mul(mi, tf.scalar(spec.beta1)), tf.mul(g, tf.scalar(1 - spec.beta1))));
              si.assign(tf.add(tf.mul(si, tf.scalar(spec.beta2)), tf.mul(tf.square(g), tf.scalar(1 - spec.beta2))));
              const update = tf.div(tf.div(mi, tf.scalar(c1)), tf.add(tf.sqrt(tf.div(si, tf.scalar(c2))), tf.scalar(spec.epsilon)));
              let next = tf.sub(v, tf.mul(update, tf.scalar(lr)));
              const d = decay(v, lr, spec.weightDecay);
              if (d) next = tf.sub(next, d);
              v.assign(next);
            });
          });
        },
        dispose() {
          m.forEach((x) => x.dispose());
          s.forEach((x) => x.dispose());
        },
      };
    }
  }
}
