package dev.gdbench.optim;

/**
 * The transformations chained around every rule of a sweep (optax style): clip the gradient by
 * norm, then by value (either or both), then run the rule with a scheduled step size. NaN bounds
 * mean no clipping.
 */
public record Transforms(Schedule schedule, double clipNorm, double clipValue) {
    public static final Transforms NONE = new Transforms(Schedule.CONSTANT, Double.NaN, Double.NaN);

    /** The rule itself when nothing applies, so plain rules keep their theory (see LinearRateTheory). */
    public UpdateRule wrap(UpdateRule rule) {
        UpdateRule wrapped = rule;
        if (!Double.isNaN(clipValue)) {
            wrapped = new Clipped(wrapped, Clipped.Kind.VALUE, clipValue);
        }
        if (!Double.isNaN(clipNorm)) {
            wrapped = new Clipped(wrapped, Clipped.Kind.NORM, clipNorm);
        }
        if (!(schedule instanceof Schedule.Constant)) {
            wrapped = new Scheduled(wrapped, schedule);
        }
        return wrapped;
    }
}
