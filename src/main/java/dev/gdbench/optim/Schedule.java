package dev.gdbench.optim;

import java.util.Locale;

/**
 * A learning-rate schedule as a factor on the base lr at iteration t (1 for the first step), in
 * torch.optim.lr_scheduler's conventions where one exists (epoch e = t - 1).
 */
public sealed interface Schedule {
    double factor(int iteration);

    /** As on the command line, with defaults resolved; written to results.csv. */
    String label();

    Schedule CONSTANT = new Constant();

    /** Factor 1: the base lr throughout. */
    record Constant() implements Schedule {
        @Override
        public double factor(int iteration) {
            return 1;
        }

        @Override
        public String label() {
            return "constant";
        }
    }

    /** torch StepLR: factor^floor((t - 1) / every). */
    record Step(int every, double factor) implements Schedule {
        @Override
        public double factor(int iteration) {
            return Math.pow(factor, (iteration - 1) / every);
        }

        @Override
        public String label() {
            return String.format(Locale.ROOT, "step:%d,%s", every, factor);
        }
    }

    /** torch ExponentialLR: gamma^(t - 1). */
    record Exponential(double gamma) implements Schedule {
        @Override
        public double factor(int iteration) {
            return Math.pow(gamma, iteration - 1);
        }

        @Override
        public String label() {
            return "exponential:" + gamma;
        }
    }

    /** torch CosineAnnealingLR with eta_min = 0: (1 + cos(pi min(t - 1, T) / T)) / 2. */
    record Cosine(int period) implements Schedule {
        @Override
        public double factor(int iteration) {
            return 0.5 * (1 + Math.cos(Math.PI * Math.min(iteration - 1, period) / period));
        }

        @Override
        public String label() {
            return "cosine:" + period;
        }
    }

    /** Linear warm-up: t / steps for t <= steps, then the schedule {@code then} restarted at t - steps. */
    record Warmup(int steps, Schedule then) implements Schedule {
        @Override
        public double factor(int iteration) {
            return iteration <= steps ? (double) iteration / steps : then.factor(iteration - steps);
        }

        @Override
        public String label() {
            return "warmup:" + steps + (then instanceof Constant ? "" : "," + then.label());
        }
    }

    /** 1 / sqrt(t). */
    record InverseSqrt() implements Schedule {
        @Override
        public double factor(int iteration) {
            return 1 / Math.sqrt(iteration);
        }

        @Override
        public String label() {
            return "invsqrt";
        }
    }
}
