package io.rollcall.app.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets a rebuild hold live events away from projections for the moment it swaps their collections: every
 * live event passes its projection's gate (a shared lock, uncontended in normal running); closing takes it
 * exclusively, so the events of commands running meanwhile wait and are applied after the swap.
 */
public class ProjectionGate {

    private final Map<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

    /** The interceptor that passes each live event of {@code projection} through its gate. */
    public MessageHandlerInterceptor<EventMessage<?>> interceptorFor(String projection) {
        return (unitOfWork, chain) -> {
            Lock lock = lockOf(projection).readLock();
            lock.lock();
            try {
                return chain.proceed();
            } finally {
                lock.unlock();
            }
        };
    }

    /** Runs {@code work} with the gates of these projections closed. */
    public void whileClosed(List<String> projections, Runnable work) {
        // always in the same order; an event holds at most one gate at a time, so no deadlock either way
        List<Lock> held = projections.stream().sorted().distinct().map(p -> (Lock) lockOf(p).writeLock()).toList();
        held.forEach(Lock::lock);
        try {
            work.run();
        } finally {
            held.forEach(Lock::unlock);
        }
    }

    private ReentrantReadWriteLock lockOf(String projection) {
        return locks.computeIfAbsent(projection, p -> new ReentrantReadWriteLock());
    }
}
