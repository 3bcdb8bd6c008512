package dev.gdbench.plan;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.LineSearchDescent;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemKind;
import java.util.List;
import java.util.function.Function;

/**
 * The rules between a sweep's flags that no single flag's parser can see, checked before it is
 * planned (whether its batches fit in the heap is {@code cost.HeapBudget}'s). Each failure is an
 * {@link InvalidInputException} naming the flag to change.
 */
public final class SweepChecks {
    private SweepChecks() {}

    /**
     * @param eigenvaluesGiven whether --eigenvalues was given (a family without a prescribed Hessian ignores it,
     *                         so the spec then has none)
     * @param flagOf           the flag that sets a hyper-parameter other than lr
     */
    public static void check(SweepSpec sweep, boolean eigenvaluesGiven, int batchSize, Function<String, String> flagOf) {
        ProblemKind kind = sweep.problem();
        if (!eigenvaluesGiven && sweep.rotate()) {
            throw new InvalidInputException("--rotate", "only applies with --eigenvalues");
        }
        if (sweep.rotate() && sweep.diagonal()) {
            throw new InvalidInputException("--diagonal", "contradicts --rotate: Q = I or a random Q, not both");
        }
        double[] x0 = sweep.initialPoint();
        double[] xStar = sweep.minimizer();
        List<Integer> sizes = sweep.eigenvalues() != null ? List.of(sweep.eigenvalues().length) : sweep.dims();
        for (int n : sizes) {
            if (x0 != null && x0.length != n) {
                throw new InvalidInputException("--x0", "has " + x0.length + " entries but n = " + n);
            }
            if (xStar != null && xStar.length != n) {
                throw new InvalidInputException("--xstar", "has " + xStar.length + " entries but n = " + n);
            }
            if (kind.hasConstantHessian() && sweep.eigenvalues() == null && n == 1
                    && sweep.kappas().stream().anyMatch(k -> k != 1)) {
                throw new InvalidInputException("--kappas", "n = 1 has a single eigenvalue, so kappa must be 1");
            }
            int rows = sweep.rows() != 0 ? sweep.rows() : 2 * n;
            if (kind.hasRows() && rows < n) {
                throw new InvalidInputException("--rows", rows + " is not allowed: " + kind.cliName() + " needs m >= n = " + n);
            }
            if (batchSize != RunSettings.FULL_BATCH && (!kind.hasRows() || batchSize > rows)) {
                throw new InvalidInputException("--batch-size", batchSize + " is not allowed: mini-batches "
                        + "need least-squares or logistic and B <= m = " + rows);
            }
        }
        for (OptimizerDescriptor descriptor : sweep.optimizers()) {
            if (LineSearchDescent.DESCRIPTORS.contains(descriptor) && !sweep.transforms().equals(Transforms.NONE)) {
                throw new InvalidInputException("--line-search", descriptor.name() + " picks its own step; it does not "
                        + "combine with --schedule or --clip-norm/--clip-value");
            }
            if (LineSearchDescent.DESCRIPTORS.contains(descriptor) && batchSize != RunSettings.FULL_BATCH) {
                throw new InvalidInputException("--batch-size", descriptor.name() + " searches on the full objective; "
                        + "run line searches full-batch");
            }
            if (descriptor == LineSearchDescent.EXACT && !kind.hasConstantHessian()) {
                throw new InvalidInputException("--line-search", "exact needs a constant Hessian (quadratic, "
                        + "least-squares), not " + kind.cliName());
            }
        }
        if (!kind.knowsSmoothness()) {
            requireAbsolute(sweep, flagOf);
        }
    }

    /** Without mu and L there is no lr = s/L and no theory's optimum: only absolute values can run. */
    private static void requireAbsolute(SweepSpec sweep, Function<String, String> flagOf) {
        for (OptimizerDescriptor descriptor : sweep.optimizers()) {
            for (String name : descriptor.hyperParameters()) {
                for (ParamValue value : sweep.hyperParameters().getOrDefault(name, List.of())) {
                    if (!(value instanceof ParamValue.Absolute)) {
                        String flag = !HyperParameter.LEARNING_RATE.equals(name) ? flagOf.apply(name)
                                : value instanceof ParamValue.RelativeToSmoothness ? "--lr-scale" : "--lr";
                        throw new InvalidInputException(flag, "'" + value + "' needs L and mu, which "
                                + sweep.problem().cliName() + " does not have; give absolute values (--lr, --momentum)");
                    }
                }
            }
        }
    }
}
