package org.contactlookup.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import org.contactlookup.client.transport.Scheduler;

/**
 * A {@link Scheduler} whose clock moves only when a test says so: {@link #advance} runs every task
 * that falls due, in order, each at its own moment. Work handed to a worker runs at once on the
 * calling thread. No sleeps, no threads: each timing rule can be shown exactly.
 */
public final class ManualScheduler implements Scheduler {
    private record Task(long due, long order, Runnable work) {
    }

    private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due)
            : Long.compare(a.order, b.order));
    private long nanos;
    private long order;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public synchronized Runnable schedule(Duration delay, Runnable work) {
        Task task = new Task(nanos + Math.max(0, delay.toNanos()), order++, work);
        tasks.add(task);
        return () -> {
            synchronized (this) {
                tasks.remove(task);
            }
        };
    }

    @Override
    public void after(Duration delay, Runnable work) {
        if (delay.isZero() || delay.isNegative()) {
            work.run();
        } else {
            schedule(delay, work);
        }
    }

    @Override
    public void execute(Runnable work) {
        work.run();
    }

    /** Moves the clock on by {@code step}, running each task that falls due at its moment. */
    public void advance(Duration step) {
        long target;
        synchronized (this) {
            target = nanos + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    nanos = target;
                    return;
                }
                tasks.poll();
                nanos = next.due;
            }
            next.work.run();
        }
    }

    /** How many tasks are waiting for their moment. */
    public synchronized int pending() {
        return tasks.size();
    }
}
