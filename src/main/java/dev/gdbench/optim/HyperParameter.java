package dev.gdbench.optim;

/** Hyper-parameter names shared by the rules, the command line and results.csv. */
public final class HyperParameter {
    public static final String LEARNING_RATE = "lr";
    public static final String MOMENTUM = "momentum";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "eps";
    public static final String WEIGHT_DECAY = "weight_decay";
    /** RMSprop's smoothing constant, as torch.optim.RMSprop names it. */
    public static final String ALPHA = "alpha";
    /** AdaGrad's step decay: lr_t = lr / (1 + (t - 1) lr_decay), as torch.optim.Adagrad. */
    public static final String LR_DECAY = "lr_decay";
    /** NAdam's momentum decay psi: mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), as torch.optim.NAdam. */
    public static final String MOMENTUM_DECAY = "momentum_decay";
    /** Sufficient-decrease constant c1 of the Armijo and Wolfe line searches. */
    public static final String ARMIJO_C = "armijo_c";
    /** Backtracking factor of the Armijo line search. */
    public static final String BACKTRACK = "backtrack";
    /** Curvature constant c2 of the strong-Wolfe line search. */
    public static final String WOLFE_C2 = "wolfe_c2";

    private HyperParameter() {}
}
