package io.rollcall.query;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The collections a projection writes, and no other projection does. A rebuild fills copies of exactly these
 * and then puts the copies in their place, so the views keep answering while they are rebuilt. The version
 * changes with the shape of the documents: a database built with an older one is rebuilt at start.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WritesCollections {

    String[] value();

    /** The shape of the documents; raise it when a release changes what the projection writes. */
    int version() default 1;
}
