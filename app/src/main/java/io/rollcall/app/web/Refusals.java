package io.rollcall.app.web;

import io.rollcall.api.user.Role;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors a route answers, in the order its checks run, for the OpenAPI document ({@link OpenApiConfig} writes
 * each as an envelope example under its status). Its own annotation because one status carries several messages
 * here (403 for the role, then for the class), which swagger's {@code @ApiResponse} cannot say. A route with a
 * {@code @SecurityRequirement} answers 401 first without saying so; every route can answer 500 and 503.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Refusals {

    /** The role SecurityConfig requires (403 for a caller of the other role); none: any caller. */
    Role[] role() default {};

    /** The contract's errors, after the token and the role. */
    ContractError[] value() default {};

    /** Signup and login: 429 over the throttle's limits, with a Retry-After header. */
    boolean throttled() default false;
}
