package io.rollcall.query;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The collections a projection writes, and no other projection does. A rebuild fills copies of exactly these
 * and then puts the copies in their place, so the views keep answering while they are rebuilt.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WritesCollections {

    String[] value();
}
