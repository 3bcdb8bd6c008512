package dev.gdbench.cli;

import dev.gdbench.optim.Schedule;
import dev.gdbench.optim.Transforms;
import dev.gdbench.plan.InvalidInputException;
import picocli.CommandLine.Option;

/** Clipping and the learning-rate schedule, chained around every optimizer of the sweep. */
final class TransformOptions {
    static final String SCHEDULE_SYNTAX =
            "constant | step:EVERY,FACTOR | exponential:GAMMA | cosine[:T] | warmup:STEPS[,SCHEDULE] | invsqrt";

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SCHEDULE",
            description = "Learning-rate schedule, a factor on lr at step t: " + SCHEDULE_SYNTAX
                    + ". step: FACTOR^floor((t-1)/EVERY); exponential: GAMMA^(t-1); cosine: (1 + cos(pi min(t-1, T)/T))/2,"
                    + " T = --max-iters by default; warmup: t/STEPS, then SCHEDULE (default constant) from t - STEPS;"
                    + " invsqrt: 1/sqrt(t). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--clip-norm", paramLabel = "C", description = "Clip the gradient to norm <= C > 0 before the rule sees it.")
    Double clipNorm;

    @Option(names = "--clip-value", paramLabel = "C", description = "Clip each gradient entry into [-C, C], C > 0.")
    Double clipValue;

    Transforms transforms(int maxIterations) {
        return new Transforms(parse(schedule.trim(), maxIterations), bound("--clip-norm", clipNorm),
                bound("--clip-value", clipValue));
    }

    private static double bound(String flag, Double value) {
        if (value == null) {
            return Double.NaN;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidInputException(flag, value + " is not allowed: the bound must be finite and > 0");
        }
        return value;
    }

    static Schedule parse(String text, int maxIterations) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String arguments = colon < 0 ? null : text.substring(colon + 1);
        Schedule parsed = switch (kind) {
            case "constant" -> noArguments(text, arguments, Schedule.CONSTANT);
            case "invsqrt" -> noArguments(text, arguments, new Schedule.InverseSqrt());
            case "step" -> {
                String[] parts = required(text, arguments).split(",");
                if (parts.length != 2) {
                    throw bad(text, "step takes EVERY,FACTOR");
                }
                yield new Schedule.Step(count(text, parts[0]), factor(text, parts[1]));
            }
            case "exponential" -> new Schedule.Exponential(factor(text, required(text, arguments)));
            case "cosine" -> new Schedule.Cosine(arguments == null ? maxIterations : count(text, arguments));
            case "warmup" -> {
                String args = required(text, arguments);
                int comma = args.indexOf(',');
                yield comma < 0 ? new Schedule.Warmup(count(text, args), Schedule.CONSTANT)
                        : new Schedule.Warmup(count(text, args.substring(0, comma)),
                                parse(args.substring(comma + 1).trim(), maxIterations));
            }
            default -> throw bad(text, "unknown schedule");
        };
        return parsed;
    }

    private static Schedule noArguments(String text, String arguments, Schedule schedule) {
        if (arguments != null) {
            throw bad(text, "takes no arguments");
        }
        return schedule;
    }

    private static String required(String text, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            throw bad(text, "needs arguments");
        }
        return arguments;
    }

    private static int count(String text, String value) {
        double number = ValueLists.number("--schedule", value);
        if (number != Math.rint(number) || number < 1 || number > Integer.MAX_VALUE) {
            throw bad(text, value.trim() + " must be a whole number >= 1");
        }
        return (int) number;
    }

    /** A multiplicative factor per step or per period: in (0, 1]. */
    private static double factor(String text, String value) {
        double number = ValueLists.number("--schedule", value);
        if (!(number > 0 && number <= 1)) {
            throw bad(text, value.trim() + " must be in (0, 1]");
        }
        return number;
    }

    private static InvalidInputException bad(String text, String why) {
        return new InvalidInputException("--schedule", "'" + text + "': " + why + "; allowed: " + SCHEDULE_SYNTAX);
    }
}
