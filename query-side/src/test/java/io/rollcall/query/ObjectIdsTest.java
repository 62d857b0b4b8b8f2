package io.rollcall.query;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectIdsTest {

    @Test
    void aSeriesSortsByItsNumberUnderOnePrefixOfItsOwn() {
        List<ObjectId> series = LongStream.of(0, 1, 2, 255, 256, 65_536, 0xFFFF_FFFFL)
                .mapToObj(n -> ObjectIds.inSeries(n, "audit", "class-a")).toList();

        assertThat(series).isSorted().doesNotHaveDuplicates();
        assertThat(series).extracting(id -> Arrays.toString(Arrays.copyOf(id.toByteArray(), 8))).containsOnly(
                Arrays.toString(Arrays.copyOf(series.get(0).toByteArray(), 8)));
        assertThat(Arrays.copyOfRange(series.get(4).toByteArray(), 8, 12)).containsExactly(0, 0, 1, 0);
        assertThat(ObjectIds.inSeries(7, "audit", "class-b")).isNotEqualTo(ObjectIds.inSeries(7, "audit", "class-a"));
        assertThat(ObjectIds.inSeries(7, "audit", "class-a")).isEqualTo(ObjectIds.inSeries(7, "audit", "class-a"));
    }

    @Test
    void aNumberBeyondFourBytesFallsBackToTheHashOfPartsAndNumber() {
        assertThat(ObjectIds.inSeries(0x1_0000_0000L, "audit", "class-a"))
                .isEqualTo(ObjectIds.derived("audit", "class-a", "4294967296"))
                .isNotEqualTo(ObjectIds.inSeries(0, "audit", "class-a"));
        assertThat(ObjectIds.inSeries(-1, "audit", "class-a")).isEqualTo(ObjectIds.derived("audit", "class-a", "-1"));
    }
}
