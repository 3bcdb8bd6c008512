package dev.gdbench.plan;

/** Input that cannot run, named by the flag it came from; the command line turns it into exit code 2. */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String flag;

    public InvalidInputException(String flag, String message) {
        super(flag + ": " + message);
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }
}
