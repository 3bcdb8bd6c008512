package dev.gdbench.problem;

/**
 * A problem whose objective is an average over m data rows (plus a regulariser): the gradient of
 * the average over a subset of rows is the stochastic gradient of mini-batch SGD.
 */
public interface FiniteSum extends Problem {
    int rows();

    /**
     * gradientOut = the gradient of the objective with the average taken over {@code sample} only
     * (rows in increasing order); over every row it is the full gradient.
     */
    void sampledGradient(double[] x, int[] sample, double[] gradientOut);
}
