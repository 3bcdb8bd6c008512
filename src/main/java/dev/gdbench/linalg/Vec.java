package dev.gdbench.linalg;

/**
 * A view of one column of a batch buffer, whatever its storage precision. Update rules and
 * reductions are written once against this interface; values are read and computed in double
 * and rounded on store when the storage is fp32. Two final implementations exist, so call sites
 * stay bimorphic and the JIT inlines them.
 */
public interface Vec {
    int length();

    double get(int i);

    void set(int i, double value);

    static Vec of(double[] values) {
        return new DoubleVec(values, 0, values.length);
    }

    default double dot(Vec other) {
        double sum = 0;
        for (int i = 0; i < length(); i++) {
            sum += get(i) * other.get(i);
        }
        return sum;
    }

    default double[] toArray() {
        double[] out = new double[length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    default void setAll(double[] values) {
        for (int i = 0; i < length(); i++) {
            set(i, values[i]);
        }
    }
}
