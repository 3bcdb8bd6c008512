package dev.gdbench.linalg;

/** Storage precision of iterates, gradients, optimizer state and problem data. */
public enum Precision {
    FP64(8), FP32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored element. */
    public int bytes() {
        return bytes;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
