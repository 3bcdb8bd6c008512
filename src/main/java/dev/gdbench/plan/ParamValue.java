package dev.gdbench.plan;

/**
 * One value of a hyper-parameter as the user gave it: absolute, relative to the instance's L (step
 * sizes: lr = scale / L), or the theory's optimum for the instance. Resolved per problem instance.
 */
public sealed interface ParamValue {
    record Absolute(double value) implements ParamValue {
        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** lr = scale / L. */
    record RelativeToSmoothness(double scale) implements ParamValue {
        @Override
        public String toString() {
            return scale + "/L";
        }
    }

    record Optimal() implements ParamValue {
        @Override
        public String toString() {
            return "optimal";
        }
    }

    ParamValue OPTIMAL = new Optimal();
}
