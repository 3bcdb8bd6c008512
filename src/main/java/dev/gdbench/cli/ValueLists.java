package dev.gdbench.cli;

import dev.gdbench.plan.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Parses value lists as the command line takes them: comma-separated items, each a number, a
 * linear range {@code a:b:step} (b included when a whole number of steps away) or a log range
 * {@code a:b:logN} (N values from a to b, both included, equally spaced in log). A grid axis
 * ({@link #parse}) keeps each value once; a vector ({@link #vector}) keeps every entry.
 */
final class ValueLists {
    /** Ranges longer than this are almost certainly a typo (a step of 1e-9 instead of 1e-1). */
    static final int MAX_RANGE_LENGTH = 100_000;

    private ValueLists() {}

    /** The values of a grid axis, each once, in the order first given: a repeated value would only run twice. */
    static List<Double> parse(String flag, String text) {
        return distinct(vector(flag, text));
    }

    /** The entries of a vector (--x0, --eigenvalues), repeated ones included. */
    static List<Double> vector(String flag, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(flag, "empty list");
        }
        List<Double> values = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new InvalidInputException(flag, "empty item in '" + text + "'");
            }
            if (trimmed.contains(":")) {
                values.addAll(range(flag, trimmed));
            } else {
                values.add(number(flag, trimmed));
            }
        }
        return values;
    }

    /** Each value once, in the order first given. */
    static <T> List<T> distinct(Collection<T> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    static double number(String flag, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag, "'" + text + "' is not a number");
        }
    }

    private static List<Double> range(String flag, String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new InvalidInputException(flag, "'" + text + "': a range is a:b:step or a:b:logN");
        }
        double start = number(flag, parts[0]);
        double stop = number(flag, parts[1]);
        if (!Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new InvalidInputException(flag, "'" + text + "': range ends must be finite");
        }
        List<Double> values = new ArrayList<>();
        if (parts[2].startsWith("log")) {
            int count;
            try {
                count = Integer.parseInt(parts[2].substring(3));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(flag, "'" + text + "': logN needs a whole number N >= 2");
            }
            if (count < 2 || count > MAX_RANGE_LENGTH || start <= 0 || stop <= 0 || stop <= start) {
                throw new InvalidInputException(flag, "'" + text + "': a log range needs 0 < a < b and 2 <= N <= "
                        + MAX_RANGE_LENGTH);
            }
            double ratio = Math.log(stop / start);
            for (int i = 0; i < count; i++) {
                values.add(i == count - 1 ? stop : start * Math.exp(ratio * i / (count - 1)));
            }
            return values;
        }
        double step = number(flag, parts[2]);
        if (!(step > 0) || stop < start || (stop - start) / step > MAX_RANGE_LENGTH) {
            throw new InvalidInputException(flag, "'" + text + "': a linear range needs a <= b and a step > 0 giving at most "
                    + MAX_RANGE_LENGTH + " values");
        }
        // Decimal arithmetic, so 0.1:1.9:0.1 gives 0.3 (not 0.30000000000000004) and includes 1.9.
        BigDecimal first = new BigDecimal(parts[0].trim());
        BigDecimal increment = new BigDecimal(parts[2].trim());
        BigDecimal last = new BigDecimal(parts[1].trim());
        for (BigDecimal value = first; value.compareTo(last) <= 0; value = value.add(increment)) {
            values.add(value.doubleValue());
        }
        return values;
    }
}
