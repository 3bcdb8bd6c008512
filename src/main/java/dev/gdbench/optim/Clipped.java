package dev.gdbench.optim;

import dev.gdbench.linalg.Vec;

/**
 * optax-style gradient clipping around any rule: the inner rule sees the clipped gradient, the
 * batch keeps the true one (it is what convergence is measured on). The clipped copy lives in
 * one extra state vector, so clipping allocates nothing per step. Clipping by norm and then by
 * value keeps the norm bound (clipping by value only shrinks entries).
 */
public final class Clipped extends ForwardingRule {
    /** Element work of clipping, by norm or by value alike (see flopsPerElement). */
    static final int CLIP_FLOPS = 3;

    /** How a gradient is clipped into {@code out}. */
    public enum Kind {
        /** optax clip_by_global_norm / torch clip_grad_norm_: g * min(1, c / |g|). */
        NORM {
            @Override
            void clip(double bound, Vec gradient, Vec out) {
                double norm = Math.sqrt(gradient.dot(gradient));
                double scale = norm > bound ? bound / norm : 1;
                for (int i = 0; i < gradient.length(); i++) {
                    out.set(i, scale * gradient.get(i));
                }
            }
        },
        /** optax clip / torch clip_grad_value_: each element into [-c, c]. */
        VALUE {
            @Override
            void clip(double bound, Vec gradient, Vec out) {
                for (int i = 0; i < gradient.length(); i++) {
                    out.set(i, Math.max(-bound, Math.min(bound, gradient.get(i))));
                }
            }
        };

        abstract void clip(double bound, Vec gradient, Vec out);
    }

    private final Kind kind;
    private final double bound;

    public Clipped(UpdateRule inner, Kind kind, double bound) {
        super(inner);
        this.kind = kind;
        this.bound = bound;
    }

    @Override
    public int stateVectors() {
        return inner.stateVectors() + 1;
    }

    public Kind kind() {
        return kind;
    }

    /** c: the norm or the element bound. */
    public double bound() {
        return bound;
    }

    /** The inner rule's plus clipping: by norm 2 (square, add) + 1 (scale); by value 2 comparisons + 1 copy. */
    @Override
    public int flopsPerElement() {
        return inner.flopsPerElement() + CLIP_FLOPS;
    }

    @Override
    public void update(int iteration, double learningRate, Vec x, Vec gradient, Vec[] state) {
        // The inner rule reads only its own first stateVectors() vectors, so the scratch sits right after them.
        Vec clipped = state[inner.stateVectors()];
        kind.clip(bound, gradient, clipped);
        inner.update(iteration, learningRate, x, clipped, state);
    }
}
