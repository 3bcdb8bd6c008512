package dev.gdbench.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gdbench.linalg.Precision;
import dev.gdbench.plan.DivergenceRule;
import dev.gdbench.plan.RunSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {
    private static final RunSettings SETTINGS = new RunSettings(Precision.FP64, 1000, 10, List.of(1e-4, 1e-8), false,
            DivergenceRule.DEFAULT, RunSettings.FULL_BATCH);

    /**
     * Lanes cleared as quiet are exactly those judge leaves alone: progress 0.5 of the start with
     * 1e-4 unmet runs on; at the tolerance, NaN, infinite |g|, past 1e10 x start or started at the
     * optimum, judge has something to record or decide.
     */
    @Test
    void quietLanesAreThoseJudgeNeitherStopsNorRecords() {
        double[] progress = {0.5, 1e-4, Double.NaN, 0.5, 2e10, 0, 0.5, 1e-9};
        double[] gradientNorm = {1, 1, 1, Double.POSITIVE_INFINITY, 1, 1, 1, 1};
        double[] start = {1, 1, 1, 1, 1, 0, 1, 1};
        double[] loosestUnmet = {1e-4, 1e-4, 1e-4, 1e-4, 1e-4, 1e-4, Double.NaN, 1e-8};
        boolean[] expected = {true, false, false, false, false, false, false, false};
        StoppingRule rule = new StoppingRule(SETTINGS);
        boolean[] quiet = new boolean[progress.length];
        for (int l = 0; l < progress.length; l++) {
            quiet[l] = rule.quiet(progress[l], start[l], gradientNorm[l], 0, loosestUnmet[l]);
        }
        assertArrayEquals(expected, quiet);
        for (int l = 0; l < progress.length; l++) {
            int[] toTolerance = Double.isNaN(loosestUnmet[l]) ? new int[] {3, 5} : loosestUnmet[l] == 1e-8
                    ? new int[] {3, -1} : new int[] {-1, -1};
            int[] before = toTolerance.clone();
            boolean judgedQuiet = rule.judge(progress[l], start[l], gradientNorm[l], 0, 7, toTolerance) == null
                    && Arrays.equals(before, toTolerance);
            assertEquals(expected[l], judgedQuiet, "lane " + l);
        }
    }

    @Test
    void loosestUnmetIsTheLargestToleranceNotYetMet() {
        StoppingRule rule = new StoppingRule(SETTINGS);
        assertEquals(1e-4, rule.loosestUnmet(new int[] {-1, -1}));
        assertEquals(1e-8, rule.loosestUnmet(new int[] {40, -1}));
        assertEquals(Double.NaN, rule.loosestUnmet(new int[] {40, 90}));
    }
}
