package org.contactlookup.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a machine as busy as a shared host is: one process spinning per core, started at once
 * and killed at close. Tests that promise limits under load run beside it.
 */
public final class CpuHog implements AutoCloseable {
    private final List<Process> spinning = new ArrayList<>();

    private CpuHog() {
    }

    /** One busy process for each of this machine's cores. */
    public static CpuHog onEveryCore() throws IOException {
        CpuHog hog = new CpuHog();
        try {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                hog.spinning.add(new ProcessBuilder("sh", "-c", "while :; do :; done")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start());
            }
        } catch (IOException e) {
            hog.close();
            throw e;
        }
        return hog;
    }

    /** How many are spinning now: a test checks its load is really there. */
    public long running() {
        return spinning.stream().filter(Process::isAlive).count();
    }

    @Override
    public void close() {
        spinning.forEach(Process::destroyForcibly);
        for (Process process : spinning) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
