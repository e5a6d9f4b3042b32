package org.contactlookup.client.transport;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link Scheduler} of one connection: the system clock, one timer thread and a pool of
 * workers (which the {@link HttpEngine} also hands its answers to). All threads are daemons that
 * do not pin a web app's class loader; an idle client holds none. {@link #close()} stops them.
 */
public final class Timer implements Scheduler, AutoCloseable {
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;

    public Timer(String name) {
        this.workers = Executors.newCachedThreadPool(daemons("contact-lookup-http-" + name));
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("contact-lookup-timer-" + name));
        timer.setRemoveOnCancelPolicy(true);
        // An idle client holds no thread; the pool starts one again when a wait is scheduled.
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + number.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            return t;
        };
    }

    /** The workers, for the HTTP client's own tasks. */
    ExecutorService workers() {
        return workers;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> scheduled = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> scheduled.cancel(false);
    }

    /**
     * The timer only hands {@code task} to a worker: a task may wait on a shared budget's Redis,
     * and the one timer thread must stay free to end other calls on time.
     */
    @Override
    public void after(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            task.run();
        } else {
            timer.schedule(() -> {
                try {
                    workers.execute(task);
                } catch (RejectedExecutionException closing) {
                    task.run(); // closing: let the task fail on this thread rather than vanish
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
