package dev.gdbench.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gdbench.map.LaneRule;
import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Optimizers;
import dev.gdbench.optim.UpdateRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the host and the kernels share is defined on the Java side and read from both here. */
class KernelLayoutTest {
    private static final Pattern RULE = Pattern.compile("RULE\\((\\w+), (\\w+)\\)");
    private static final Pattern STRUCT = Pattern.compile("struct (\\w+)(?: : (\\w+))? \\{(.*?)\\n\\};", Pattern.DOTALL);

    @Test
    void committedLayoutHeaderIsTheOneGeneratedFromTheJavaConstants() throws IOException {
        assertEquals(KernelModule.layoutHeader(), Files.readString(Path.of("kernels/layout.cuh")),
                "kernels/layout.cuh is stale: java -cp target/classes dev.gdbench.backend.cuda.KernelModule"
                        + " > kernels/layout.cuh, then native/build-kernels.sh");
    }

    /**
     * Each registry rule's functor names, in its Hyper enum, the constants the Java rule uploads
     * (kernelConstants, in order) and, in its Step enum, as many step scalars as the rule computes.
     */
    @Test
    void everyFunctorNamesTheSlotsItsJavaRuleFills() throws IOException {
        String source = Files.readString(Path.of("kernels/updates.cu"));
        Map<String, String> functors = new LinkedHashMap<>();
        Matcher rule = RULE.matcher(source.substring(source.indexOf("#define GDBENCH_RULES")));
        while (rule.find()) {
            functors.put("update_" + rule.group(1), rule.group(2));
        }
        Map<String, Matcher> structs = new HashMap<>();
        Matcher struct = STRUCT.matcher(source);
        while (struct.find()) {
            structs.put(struct.group(1), (Matcher) STRUCT.matcher(source).region(struct.start(), struct.end()));
        }
        List<OptimizerDescriptor> rules = Optimizers.withKernels();
        assertEquals(Optimizers.kernels(), List.copyOf(functors.keySet()),
                "GDBENCH_RULES lists the registry's rules with kernels, in its order");
        for (OptimizerDescriptor descriptor : rules) {
            String functor = functors.get(descriptor.kernel().orElseThrow());
            Map<String, Double> values = new HashMap<>(descriptor.defaults());
            values.put(HyperParameter.LEARNING_RATE, 0.1);
            UpdateRule plain = KernelRule.of(descriptor.create(values)).plain();
            assertEquals(plain.kernelConstants().keySet().stream().map(k -> k.toUpperCase(Locale.ROOT)).toList(),
                    slots(structs, functor, "Hyper"), functor + "'s Hyper slots");
            assertEquals(plain.stepScalars(7, 0.1).length, slots(structs, functor, "Step").size(), functor + "'s Step slots");
            assertTrue(plain.kernelConstants().size() <= KernelModule.HYPER_SLOTS, functor);
            assertTrue(plain.stepScalars(7, 0.1).length <= KernelModule.STEP_SLOTS, functor);
        }
    }

    /** The entries of enum NAME in the functor, or in the functor it derives from. */
    private static List<String> slots(Map<String, Matcher> structs, String functor, String name) {
        Matcher struct = structs.get(functor);
        assertTrue(struct != null && struct.lookingAt(), "no struct " + functor + " in kernels/updates.cu");
        Matcher enumeration = Pattern.compile("enum " + name + " : int \\{([^}]*)\\}").matcher(struct.group(3));
        if (enumeration.find()) {
            return Arrays.stream(enumeration.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        assertTrue(struct.group(2) != null, functor + " names no " + name + " slots");
        return slots(structs, struct.group(2), name);
    }

    /**
     * The map kernel's MapRule enum is map.LaneRule by ordinal (the host launches with rule.ordinal()),
     * and it reads Adam's momentum rows as beta1, beta2, eps: the descriptor's order after lr.
     */
    @Test
    void mapKernelRulesAreLaneRulesByOrdinal() throws IOException {
        String source = Files.readString(Path.of("kernels/smallmap.cu"));
        Matcher rules = Pattern.compile("enum MapRule : int \\{(.*?)\\};").matcher(source);
        assertTrue(rules.find(), "enum MapRule in kernels/smallmap.cu");
        List<String> expected = Arrays.stream(LaneRule.values())
                .map(r -> "MAP_" + r.name() + " = " + r.ordinal()).toList();
        assertEquals(expected, Arrays.stream(rules.group(1).split(",")).map(String::trim).toList());
        assertEquals(List.of(HyperParameter.LEARNING_RATE, HyperParameter.BETA1, HyperParameter.BETA2,
                HyperParameter.EPSILON), LaneRule.ADAM.descriptor().hyperParameters());
    }
}
