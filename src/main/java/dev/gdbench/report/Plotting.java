package dev.gdbench.report;

import java.util.Optional;

/**
 * Whether this JVM can draw figures. Drawing needs the java.desktop module (AWT) but no display:
 * headless mode renders into images. A runtime built without the module (a jlink image) or without
 * its native libraries cannot, and the report then goes on without figures.
 */
public final class Plotting {
    private static final String DESKTOP_MODULE = "java.desktop";

    private Plotting() {}

    /** Empty when figures can be drawn, else the reason they cannot, in one line. */
    public static Optional<String> unavailableReason() {
        if (ModuleLayer.boot().findModule(DESKTOP_MODULE).isEmpty()) {
            return Optional.of("this Java runtime has no " + DESKTOP_MODULE + " module");
        }
        // Set before the first AWT class loads: headless rendering works with no display (CI, ssh).
        System.setProperty("java.awt.headless", "true");
        return AwtProbe.tryToDraw();
    }

    /**
     * Every mention of an AWT type lives here, loaded only once the module is known to exist: the
     * verifier loads the types a method catches, so a catch of AWTError in Plotting itself would
     * fail with NoClassDefFoundError on a runtime without java.desktop before the check could run.
     */
    private static final class AwtProbe {
        static Optional<String> tryToDraw() {
            try {
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics()
                        .drawString("gdbench", 0, 0);
                return Optional.empty();
            } catch (LinkageError | java.awt.AWTError e) {
                return Optional.of("AWT cannot render here (" + e + ")");
            }
        }
    }
}
