package io.tokenprune.gateway.http;

import io.tokenprune.gateway.api.ApiException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who may start answering: at most {@code maxConcurrent} answers at once, the next one gets 429
 * right away (a queue would only hide the overload from the client's retry logic); and once a drain
 * has begun, none, with 503. {@link #drain} waits for the answers in flight to finish.
 */
final class Admission {
  private final int maxConcurrent;
  private final Semaphore slots;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int inFlight;
  private volatile boolean draining;

  /** A held slot; closing it releases the slot. */
  interface Ticket extends AutoCloseable {
    @Override
    void close();
  }

  Admission(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
    }
    this.maxConcurrent = maxConcurrent;
    this.slots = new Semaphore(maxConcurrent);
  }

  /**
   * @throws ApiException 503 while draining, 429 when every slot is taken
   */
  Ticket enter() {
    if (draining) {
      throw ApiException.unavailable("the gateway is shutting down");
    }
    if (!slots.tryAcquire()) {
      throw ApiException.overloaded(
          "the gateway is answering " + maxConcurrent + " requests, its limit; retry shortly");
    }
    lock.lock();
    try {
      inFlight++;
    } finally {
      lock.unlock();
    }
    boolean[] closed = {false};
    return () -> {
      if (closed[0]) {
        return;
      }
      closed[0] = true;
      lock.lock();
      try {
        inFlight--;
        if (inFlight == 0) {
          idle.signalAll();
        }
      } finally {
        lock.unlock();
      }
      slots.release();
    };
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  boolean draining() {
    return draining;
  }

  /**
   * Refuses new answers from now on and waits for those in flight.
   *
   * @return true if all finished within the time
   */
  boolean drain(Duration max) throws InterruptedException {
    draining = true;
    long left = max.toNanos();
    lock.lock();
    try {
      while (inFlight > 0) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
