package io.rollcall.query;

/**
 * How the read side may serve queries from memory.
 *
 * @param classesInMemory whether {@link ClassProjection} keeps classes' membership in memory. Only where this
 *                        process runs the {@code classes} projection for good: when nodes share the database the
 *                        projection may run on another node, whose writes this node's memory would never see.
 */
public record ReadSideOptions(boolean classesInMemory) {

    /** One process: everything the projections write passes through it. */
    public static final ReadSideOptions SINGLE_NODE = new ReadSideOptions(true);
}
