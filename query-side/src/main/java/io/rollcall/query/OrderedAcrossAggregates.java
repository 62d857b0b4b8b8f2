package io.rollcall.query;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A projection whose views depend on the order of events of different aggregates, so its events are never split
 * into segments handled side by side (a segment keeps the order of each aggregate's events only).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrderedAcrossAggregates {

    /** What depends on that order. */
    String value();
}
