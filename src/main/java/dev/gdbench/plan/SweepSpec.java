package dev.gdbench.plan;

import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Transforms;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.Spectrum;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the user asked for it: the grid axes, not yet expanded.
 *
 * @param eigenvalues     explicit spectrum (then dims and kappas are not used), or null
 * @param hyperParameters values per hyper-parameter name; a name left out takes the optimizer's default
 * @param transforms      clipping and schedule applied around every optimizer
 */
public record SweepSpec(ProblemKind problem, List<Integer> dims, List<Double> kappas, Spectrum spectrum,
                        boolean diagonal, double[] eigenvalues, boolean rotate, double[] initialPoint,
                        double[] minimizer, int rows, double ridge, List<Long> seeds, List<OptimizerDescriptor> optimizers,
                        Map<String, List<ParamValue>> hyperParameters, Transforms transforms) {
}
