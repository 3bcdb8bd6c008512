package dev.gdbench.cli;

import dev.gdbench.backend.cuda.CudaAvailability;
import dev.gdbench.plan.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/** Which GPUs of this node a sweep's cuda backend spreads its batches over. */
final class DeviceOptions {
    static final String FLAG = "--devices";

    @Option(names = FLAG, paramLabel = "LIST",
            description = "--backend cuda (alone or in a list): the GPUs to spread the batches over, by ordinal (0,1,...) "
                    + "or all; one worker per GPU, each with its own context and stream. The results are the same as on "
                    + "one GPU; the device column says which ran each row. Default: device 0.")
    String devices;

    /**
     * The ordinals to run on, checked against the devices the driver sees; empty without --devices
     * (the cuda backend then runs on device 0). Where the driver sees none, the ordinals are taken
     * as given: starting the cuda backend says why it cannot run (exit 3).
     */
    List<Integer> ordinals(List<String> backendNames) {
        if (devices == null) {
            return List.of();
        }
        if (!backendNames.contains("cuda")) {
            throw new InvalidInputException(FLAG, "spreads the batches of --backend cuda over GPUs, not of "
                    + String.join(",", backendNames) + "; add cuda to --backend or leave out " + FLAG);
        }
        int visible = CudaAvailability.check().devices().size();
        if (devices.strip().equals("all")) {
            return IntStream.range(0, Math.max(visible, 1)).boxed().toList();
        }
        List<Integer> ordinals = new ArrayList<>();
        for (String item : devices.split(",", -1)) {
            int ordinal = parse(item.strip());
            if (ordinals.contains(ordinal)) {
                throw new InvalidInputException(FLAG, "lists device " + ordinal + " twice; name each GPU once");
            }
            ordinals.add(ordinal);
        }
        // After the list's own checks, so that what it says about the list holds on any machine.
        for (int ordinal : ordinals) {
            if (visible > 0 && ordinal >= visible) {
                throw new InvalidInputException(FLAG, ordinal + " is not allowed: must be in [0, " + (visible - 1)
                        + "], the devices the CUDA driver sees");
            }
        }
        return List.copyOf(ordinals);
    }

    private static int parse(String item) {
        try {
            int ordinal = Integer.parseInt(item);
            if (ordinal >= 0) {
                return ordinal;
            }
        } catch (NumberFormatException notANumber) {
            // said below, with what is allowed
        }
        throw new InvalidInputException(FLAG, "'" + item + "' is not allowed: device ordinals 0, 1, ... separated by "
                + "commas, or all");
    }
}
