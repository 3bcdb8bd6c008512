package dev.gdbench.backend;

/**
 * The device failed while running a batch (a CUDA error: a kernel that faulted, a lost device).
 * The message names the operation, the batch and what it had enqueued, in one line; batches
 * already finished are written. The device is not used again by this process (CUDA's errors of a
 * kernel are sticky: every later call in its context fails).
 */
public class DeviceFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
