package dev.gdbench.cli;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.plan.SweepSpec;
import dev.gdbench.problem.ProblemKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.ParseResult;

/**
 * Flags given on the command line that the sweep does not use: a problem flag its family has no
 * use for, a hyper-parameter none of the chosen optimizers takes. Each gets one line saying why;
 * the sweep runs as it would without them. Flags that contradict others are refused elsewhere.
 */
final class IgnoredFlags {
    /** A flag and, for a sweep, why that sweep does not use it (empty where it does). */
    record Rule(String flag, Function<SweepSpec, Optional<String>> whyIgnored) {
    }

    /** Every flag that some sweeps do not use: the instance flags, then one per hyper-parameter flag. */
    static final List<Rule> RULES = rules();

    private IgnoredFlags() {}

    /** One line per flag given in {@code parsed} that {@code sweep} does not use. */
    static List<String> lines(SweepSpec sweep, ParseResult parsed) {
        List<String> lines = new ArrayList<>();
        for (Rule rule : RULES) {
            if (parsed.hasMatchedOption(rule.flag())) {
                rule.whyIgnored().apply(sweep).ifPresent(why -> lines.add(rule.flag() + " is ignored: " + why));
            }
        }
        return lines;
    }

    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(List.of(
                new Rule("--dims", sweep -> when(sweep.eigenvalues() != null, "n is the length of --eigenvalues")),
                drawnSpectrum("--kappas", "--eigenvalues gives the spectrum"),
                drawnSpectrum("--spectrum", "--eigenvalues gives the spectrum"),
                drawnSpectrum("--diagonal", "with --eigenvalues Q = I unless --rotate"),
                family("--eigenvalues", ProblemKind::hasConstantHessian, "prescribed Hessian"),
                family("--rotate", ProblemKind::hasConstantHessian, "prescribed Hessian"),
                family("--xstar", ProblemKind::hasConstantHessian, "prescribed minimizer"),
                family("--rows", ProblemKind::hasRows, "data matrix"),
                family("--ridge", kind -> kind == ProblemKind.LOGISTIC, "ridge term")));
        for (String name : Optimizers.allHyperParameters()) {
            for (String flag : OptimizerOptions.flags(name)) {
                rules.add(new Rule(flag, sweep -> when(sweep.optimizers().stream()
                        .noneMatch(d -> d.hyperParameters().contains(name)), "none of "
                        + sweep.optimizers().stream().map(OptimizerDescriptor::name).collect(Collectors.joining(", "))
                        + " takes " + name)));
            }
        }
        return List.copyOf(rules);
    }

    /** Flags of a spectrum drawn from kappa: unused by families without a prescribed Hessian, and with --eigenvalues. */
    private static Rule drawnSpectrum(String flag, String whyWithEigenvalues) {
        return new Rule(flag, sweep -> !sweep.problem().hasConstantHessian()
                ? Optional.of(sweep.problem().cliName() + " has no prescribed spectrum")
                : when(sweep.eigenvalues() != null, whyWithEigenvalues));
    }

    private static Rule family(String flag, Predicate<ProblemKind> uses, String what) {
        return new Rule(flag, sweep -> when(!uses.test(sweep.problem()), sweep.problem().cliName() + " has no " + what));
    }

    private static Optional<String> when(boolean ignored, String why) {
        return ignored ? Optional.of(why) : Optional.empty();
    }
}
