package dev.gdbench.optim;

/** Hyper-parameter names shared by the rules, the command line and results.csv. */
public final class HyperParameter {
    public static final String LEARNING_RATE = "lr";
    public static final String MOMENTUM = "momentum";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "eps";

    private HyperParameter() {}
}
