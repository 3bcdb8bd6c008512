package dev.gdbench.plan;

import dev.gdbench.optim.HyperParameter;
import dev.gdbench.optim.OptimizerDescriptor;
import dev.gdbench.optim.Schedule;
import dev.gdbench.problem.ProblemKind;
import dev.gdbench.problem.ProblemSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting that decides a sweep's results, resolved (defaults filled in, lists expanded) and
 * written as text: what a results folder records, and what {@code --resume} compares before it
 * runs anything, so rows of two different plans never end up in one folder.
 *
 * <p>Built by reflection over the records that carry the plan ({@link ProblemSpec} of every batch,
 * {@link RunSettings}, the transforms and hyper-parameter values of every configuration), so a
 * setting added to one of them is recorded without an edit here. {@link #FLAGS} only names each
 * setting the way the command line spells it. The backend is not part of the plan: every row
 * says which backend made it, and a sweep may be resumed on another one.
 *
 * @param settings setting name (a flag, with the optimizer for hyper-parameters) to its resolved value, in plan order
 */
public record PlanRecord(Map<String, String> settings) {
    /** Record component to the flag that sets it; a component without an entry is recorded under its own name. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("kind", "--problem"), Map.entry("dimension", "--dims"), Map.entry("kappa", "--kappas"),
            Map.entry("spectrum", "--spectrum"), Map.entry("diagonal", "--diagonal"),
            Map.entry("eigenvalues", "--eigenvalues"), Map.entry("rotate", "--rotate"),
            Map.entry("initialPoint", "--x0"), Map.entry("minimizer", "--xstar"), Map.entry("rows", "--rows"),
            Map.entry("ridge", "--ridge"), Map.entry("seed", "--seeds"),
            Map.entry("precision", "--precision"), Map.entry("maxIterations", "--max-iters"),
            Map.entry("checkEvery", "--check-every"), Map.entry("tolerances", "--tol"),
            Map.entry("absoluteTolerance", "--tol-abs"), Map.entry("divergence", DivergenceRule.FLAG),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("schedule", "--schedule"), Map.entry("clipNorm", "--clip-norm"),
            Map.entry("clipValue", "--clip-value"));

    public PlanRecord {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static PlanRecord of(SweepPlan plan, RunSettings run) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<BatchPlan> batches = plan.batches();
        // One value list per instance field, each value once in plan order: the instances are the
        // outer product of these axes, so the lists and the count (after them: a changed axis is
        // named before the count it changes) determine them.
        for (RecordComponent component : ProblemSpec.class.getRecordComponents()) {
            settings.put(flag(component), distinct(batches.stream().map(b -> read(component, b.problem())).toList()));
        }
        settings.put("instances", Integer.toString(batches.size()));
        List<ConfigurationSpec> configurations = batches.isEmpty() ? List.of() : batches.get(0).configurations();
        Map<OptimizerDescriptor, List<ConfigurationSpec>> byOptimizer = configurations.stream()
                .collect(Collectors.groupingBy(ConfigurationSpec::optimizer, LinkedHashMap::new, Collectors.toList()));
        settings.put("--optimizers", byOptimizer.keySet().stream().map(OptimizerDescriptor::name)
                .collect(Collectors.joining(",")));
        byOptimizer.forEach((optimizer, specs) -> {
            for (String name : optimizer.hyperParameters()) {
                settings.put(hyperParameterFlag(name) + " (" + optimizer.name() + ")",
                        distinct(specs.stream().map(s -> text(s.values().get(name))).toList()));
            }
            optimizer.addedWeightDecay().ifPresent(coupling -> settings.put("weight decay (" + optimizer.name() + ")",
                    text(coupling)));
        });
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigurationSpec spec : configurations) {
            if (seen.add(text(spec.transforms()))) {
                flatten(spec.transforms(), settings);
            }
        }
        if (seen.size() > 1) {
            throw new IllegalStateException("a sweep applies one set of transforms to every configuration, not " + seen);
        }
        flatten(run, settings);
        return new PlanRecord(settings);
    }

    /**
     * A map's plan (gdbench map): its two axes, then what a sweep of its instances would record,
     * one configuration per optimizer, the parameters the axes vary recorded as "axis".
     *
     * @param instances      one batch per instance, holding one configuration per optimizer
     * @param axisParameters the hyper-parameters the axes set (none for a kappa axis)
     */
    public static PlanRecord ofMap(String xAxis, String yAxis, Collection<String> axisParameters, List<BatchPlan> instances,
                                   RunSettings run) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--x-axis", xAxis);
        settings.put("--y-axis", yAxis);
        settings.putAll(of(SweepPlan.of(instances), run).settings);
        for (ConfigurationSpec spec : instances.get(0).configurations()) {
            for (String name : axisParameters) {
                if (spec.optimizer().hyperParameters().contains(name)) {
                    settings.put(hyperParameterFlag(name) + " (" + spec.optimizer().name() + ")", "axis");
                }
            }
        }
        return new PlanRecord(settings);
    }

    /** This plan with one more setting, after the others (a shard's {@code --shard}). */
    public PlanRecord with(String name, String value) {
        Map<String, String> extended = new LinkedHashMap<>(settings);
        extended.put(name, value);
        return new PlanRecord(extended);
    }

    /** This plan without one setting: the whole sweep's plan, for a shard's. */
    public PlanRecord without(String name) {
        Map<String, String> reduced = new LinkedHashMap<>(settings);
        reduced.remove(name);
        return new PlanRecord(reduced);
    }

    /**
     * The first setting whose value differs between the plan that made a folder ({@code recorded})
     * and this one, as "flag: value there, value here", in plan order; empty when they agree.
     */
    public Optional<String> firstDifference(PlanRecord recorded) {
        Set<String> names = new LinkedHashSet<>(recorded.settings.keySet());
        names.addAll(settings.keySet());
        for (String name : names) {
            String there = recorded.settings.get(name);
            String here = settings.get(name);
            if (!Objects.equals(there, here)) {
                return Optional.of(name + " is " + describe(there) + " there but " + describe(here) + " here");
            }
        }
        return Optional.empty();
    }

    private static String describe(String value) {
        return value == null ? "not set" : value.isEmpty() ? "empty" : value;
    }

    /** A record's components, one setting each; a component that is itself a record is flattened. */
    private static void flatten(Record record, Map<String, String> settings) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(component, record);
            if (component.getType().isRecord()) {
                flatten((Record) value, settings);
            } else {
                settings.put(flag(component), text(value));
            }
        }
    }

    private static String flag(RecordComponent component) {
        return FLAGS.getOrDefault(component.getName(), component.getName());
    }

    static String hyperParameterFlag(String name) {
        return HyperParameter.LEARNING_RATE.equals(name) ? "--lr/--lr-scale" : "--" + name.replace('_', '-');
    }

    private static String read(RecordComponent component, Object record) {
        try {
            return text(component.getAccessor().invoke(record));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static String distinct(List<String> values) {
        return String.join(",", new LinkedHashSet<>(values));
    }

    /** Values as the command line writes them; doubles exactly (shortest round-trip text). */
    static String text(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof double[] array) {
            return Arrays.stream(array).mapToObj(PlanRecord::number).collect(Collectors.joining(","));
        }
        if (value instanceof Collection<?> items) {
            List<String> texts = new ArrayList<>();
            items.forEach(item -> texts.add(text(item)));
            return String.join(",", texts);
        }
        if (value instanceof ProblemKind kind) {
            return kind.cliName();
        }
        if (value instanceof Schedule schedule) {
            return schedule.label();
        }
        if (value instanceof DivergenceRule rule) {
            return rule.label();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
        return value.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "none";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
