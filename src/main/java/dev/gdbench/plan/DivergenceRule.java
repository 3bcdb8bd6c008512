package dev.gdbench.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * When a configuration counts as diverged. Non-finite measurements always count; beyond that,
 * one bound, written {@code kind:value} on the command line, in results.csv and in meta.json.
 */
public sealed interface DivergenceRule {
    /** Today's default: suboptimality (or |g| when f* is unknown) above 1e10 x the initial one. */
    DivergenceRule DEFAULT = new Relative(1e10);

    String FLAG = "--divergence";

    /** Progress (suboptimality, or |g|) above {@code factor} times where it started. */
    record Relative(double factor) implements DivergenceRule {
        @Override
        public boolean exceeded(double progress, double start, double iterateNorm) {
            return progress > factor * start;
        }

        @Override
        public String label() {
            return "relative:" + shortNumber(factor);
        }
    }

    /** The iterate's norm |x| above {@code bound}: the course material's loops stop at |x| > 100. */
    record IterateNorm(double bound) implements DivergenceRule {
        @Override
        public boolean exceeded(double progress, double start, double iterateNorm) {
            return iterateNorm > bound;
        }

        @Override
        public String label() {
            return "norm:" + shortNumber(bound);
        }
    }

    /** Whether a column's finite measurements cross this rule's bound. */
    boolean exceeded(double progress, double start, double iterateNorm);

    /** {@code relative:1e10}, {@code norm:100}: what {@link #parse} reads back. */
    @JsonValue
    String label();

    /** {@code relative:FACTOR} with FACTOR > 1, or {@code norm:BOUND} with BOUND > 0, both finite. */
    static DivergenceRule parse(String text) {
        String usage = "'" + text + "' is not allowed: give relative:FACTOR (FACTOR > 1, default relative:1e10) "
                + "or norm:BOUND (|x| > BOUND, BOUND > 0)";
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException(FLAG, usage);
        }
        double value;
        try {
            value = Double.parseDouble(text.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(FLAG, usage);
        }
        String kind = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        if (kind.equals("relative") && value > 1 && Double.isFinite(value)) {
            return new Relative(value);
        }
        if (kind.equals("norm") && value > 0 && Double.isFinite(value)) {
            return new IterateNorm(value);
        }
        throw new InvalidInputException(FLAG, usage);
    }

    /** 1e10 rather than 1.0E10, 100 rather than 100.0: the way a user writes them. */
    private static String shortNumber(double value) {
        String text = Double.toString(value).replace(".0E", "E").replace('E', 'e');
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }
}
