package io.resnextexplorer.app;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how long after the JVM started the window became visible and the first prediction was shown
 * (one INFO line each), so start-up can be measured from the outside (README, Performance).
 */
final class StartupLog {
    private static final Logger LOG = LoggerFactory.getLogger(StartupLog.class);

    private final AtomicBoolean windowLogged = new AtomicBoolean();
    private final AtomicBoolean predictionLogged = new AtomicBoolean();

    /** Milliseconds since the JVM started (its own start time, before any of our code). */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    void windowShown() {
        if (windowLogged.compareAndSet(false, true)) {
            LOG.info("startup: window shown {} ms after JVM start", sinceJvmStart());
        }
    }

    void firstPrediction(String model) {
        if (predictionLogged.compareAndSet(false, true)) {
            LOG.info(
                    "startup: first prediction ({}) shown {} ms after JVM start",
                    model,
                    sinceJvmStart());
        }
    }
}
