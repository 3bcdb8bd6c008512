package dev.gdbench.linalg;

/** Storage precision of iterates, gradients, optimizer state and problem data. */
public enum Precision {
    FP64(8), FP32(4);

    /**
     * The smallest step lr L of the default --lr-scale grid (0.02/L): the steps the precision floor
     * below is worked out for.
     */
    static final double SMALLEST_DEFAULT_STEP = 0.02;
    /** Room for the |x| / |x0 - x*| and per-direction factors the floor's estimate leaves out. */
    static final double FLOOR_MARGIN = 10;

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored element. */
    public int bytes() {
        return bytes;
    }

    /** Half an ulp of 1: the relative rounding error of one stored value. */
    public double unitRoundoff() {
        return (this == FP64 ? Math.ulp(1.0) : Math.ulp(1.0f)) / 2;
    }

    /**
     * The relative tolerance below which many configurations stall in this precision, and then run
     * to --max-iters. An iterate stops moving once every step lr g_i is under half an ulp of x_i,
     * which leaves an error |x - x*| ~ u |x| / (lr L) (u the unit roundoff) in the directions the
     * step resolves. The suboptimality is quadratic in that error: its ratio to the start stalls
     * near (u / (lr L))^2; the gradient norm is linear in it: its ratio stalls near u / (lr L).
     * At lr L = 0.02 with a margin of 10: about 9e-11 (suboptimality) and 9e-6 (gradient) in fp32,
     * where sweeps were seen to stall between 1e-12 and 2e-11 at lr L from 0.03 to 0.1 (n = 64);
     * 3e-28 and 2e-14 in fp64.
     *
     * @param onGradientNorm the criterion is |g| / |g0| (f* unknown) rather than the suboptimality ratio
     */
    public double stallingRelativeTolerance(boolean onGradientNorm) {
        double suboptimality = FLOOR_MARGIN * Math.pow(unitRoundoff() / SMALLEST_DEFAULT_STEP, 2);
        return onGradientNorm ? Math.sqrt(suboptimality) : suboptimality;
    }

    /**
     * How far a run in this precision may end from the same run in exact arithmetic, relative to
     * max(|x|, |x0|): fp64 1e-12 (a fixed budget for summation order); fp32 SAFETY (kappa + K)
     * sqrt(n) u. Storing the problem in fp32 moves x* by about kappa u; each of K iterations adds
     * a rounding error of about sqrt(n) u (products' sums round randomly), which a contraction
     * damps but does not undo; SAFETY = 4 covers the several roundings per element and step. The
     * derivation and the measured margins are in backend.cuda.Verification, which checks the GPU
     * against it.
     */
    public double iterateErrorBound(double kappa, long iterations, int n) {
        if (this == FP64) {
            return FP64_ITERATE_ERROR;
        }
        return FP32_SAFETY * (kappa + iterations) * Math.sqrt(n) * unitRoundoff();
    }

    static final double FP64_ITERATE_ERROR = 1e-12;
    static final double FP32_SAFETY = 4;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
