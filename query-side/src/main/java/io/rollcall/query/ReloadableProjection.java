package io.rollcall.query;

/**
 * A projection that keeps part of its view in memory as well. After its collections were replaced by rebuilt
 * ones, it must derive that memory from them again.
 */
public interface ReloadableProjection {

    /** Re-reads what is kept in memory from the projection's collections; readers never see it empty. */
    void reload();
}
