package dev.gdbench.backend;

import java.util.Locale;

/**
 * A batch does not fit in the device's free memory. Fewer configurations might: the sweep splits
 * the batch and goes on (cli.BatchRunner); a single configuration that does not fit is refused
 * like any batch the backend cannot run.
 */
public class DeviceMemoryException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    /**
     * @param batch what was to run, e.g. "batch quadratic n=4096 x 512 configurations (fp32)"
     */
    public DeviceMemoryException(String backend, String batch, long neededBytes, long freeBytes) {
        super(String.format(Locale.ROOT, "%s: %s needs %.2f GB of device memory, %.2f GB are free; use fewer"
                + " configurations per instance, a smaller n, or --backend cpu (batches already finished are in"
                + " results.csv)", backend, batch, neededBytes / 1e9, freeBytes / 1e9));
    }
}
