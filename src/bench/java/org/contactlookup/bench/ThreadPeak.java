package org.contactlookup.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JVM's peak thread count during a step, and its peak resident memory from /proc. */
final class ThreadPeak {
    private ThreadPeak() {
    }

    static ThreadPeak start() {
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
        return new ThreadPeak();
    }

    int stop() {
        return ManagementFactory.getThreadMXBean().getPeakThreadCount();
    }

    /** VmHWM from /proc/self/status: the most memory this process has held resident. */
    static String peakResident() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.substring("VmHWM:".length()).strip())
                .findFirst().orElse("unknown");
    }
}
