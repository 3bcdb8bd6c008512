package dev.gdbench.map;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.plan.InvalidInputException;
import java.util.List;

/**
 * One axis of a map: a parameter and the N values of its grid, written {@code NAME=A:B:N} (N
 * values from A to B, both included, equally spaced) or {@code NAME=A:B:logN} (equally spaced in
 * log). The third part counts points, not a step as in sweep's ranges: a map is an image, and N
 * is its resolution.
 *
 * @param parameter what the axis varies
 * @param values    ascending
 */
public record MapAxis(Parameter parameter, double[] values, boolean logarithmic) {
    /** Points along one axis at most; 10^4 x 10^4 is already 10^8 points. */
    public static final int MAX_POINTS = 10_000;

    /** What an axis can vary, by its name on the command line. */
    public enum Parameter {
        /** The absolute step size. */
        LR("lr", HyperParameter.LEARNING_RATE),
        /** The step size relative to the instance: lr = s / L. */
        LR_SCALE("lr-scale", HyperParameter.LEARNING_RATE),
        MOMENTUM("momentum", HyperParameter.MOMENTUM),
        /** Adam's first- and second-moment decay. */
        BETA1("beta1", HyperParameter.BETA1),
        BETA2("beta2", HyperParameter.BETA2),
        /** The condition number: every value is an instance of its own, one row of the map. */
        KAPPA("kappa", null);

        private final String cliName;
        private final String hyperParameter;

        Parameter(String cliName, String hyperParameter) {
            this.cliName = cliName;
            this.hyperParameter = hyperParameter;
        }

        public String cliName() {
            return cliName;
        }

        /** The optimizer's hyper-parameter this axis sets, or null for the instance's kappa. */
        public String hyperParameter() {
            return hyperParameter;
        }

        static List<String> names() {
            return java.util.Arrays.stream(values()).map(Parameter::cliName).toList();
        }
    }

    public int size() {
        return values.length;
    }

    /** The axis's {@code NAME=A:B:N}, for map.json and messages. */
    public String label() {
        return parameter.cliName + "=" + values[0] + ":" + values[values.length - 1] + ":"
                + (logarithmic ? "log" : "") + values.length;
    }

    public static MapAxis parse(String flag, String text) {
        String usage = "'" + text + "' is not an axis: give NAME=A:B:N or NAME=A:B:logN (N points from A to B), NAME one of "
                + Parameter.names();
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new InvalidInputException(flag, usage);
        }
        String name = text.substring(0, equals).trim();
        Parameter parameter = java.util.Arrays.stream(Parameter.values()).filter(p -> p.cliName.equals(name))
                .findFirst().orElseThrow(() -> new InvalidInputException(flag, "'" + name + "' is not one of "
                        + Parameter.names()));
        String[] parts = text.substring(equals + 1).split(":");
        if (parts.length != 3) {
            throw new InvalidInputException(flag, usage);
        }
        double start;
        double stop;
        int count;
        boolean log = parts[2].trim().startsWith("log");
        try {
            start = Double.parseDouble(parts[0].trim());
            stop = Double.parseDouble(parts[1].trim());
            count = Integer.parseInt(parts[2].trim().substring(log ? 3 : 0));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag, usage);
        }
        if (!(start < stop) || !Double.isFinite(stop) || count < 2 || count > MAX_POINTS) {
            throw new InvalidInputException(flag, "'" + text + "' is an empty range: an axis needs A < B, both finite, "
                    + "and 2 <= N <= " + MAX_POINTS);
        }
        String allowed = switch (parameter) {
            case LR, LR_SCALE -> start > 0 ? null : "step sizes must be > 0";
            case MOMENTUM, BETA1, BETA2 -> start >= 0 && stop < 1 ? null : name + " must be in [0, 1)";
            case KAPPA -> start >= 1 && stop <= 1e15 ? null : "kappa must be in [1, 1e15]";
        };
        if (log && start <= 0) {
            allowed = "a log axis needs A > 0";
        }
        if (allowed != null) {
            throw new InvalidInputException(flag, "'" + text + "' is not allowed: " + allowed);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            double fraction = (double) i / (count - 1);
            values[i] = i == count - 1 ? stop
                    : log ? start * Math.exp(Math.log(stop / start) * fraction) : start + (stop - start) * fraction;
        }
        return new MapAxis(parameter, values, log);
    }
}
