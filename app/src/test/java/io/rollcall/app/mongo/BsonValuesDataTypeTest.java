package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one type instance every map of the embedded file shares, used by every connection's thread and by H2's
 * serialization at once.
 */
class BsonValuesDataTypeTest {

    private static final BsonValuesDataType TYPE = BsonValuesDataType.INSTANCE;

    /**
     * H2's own type remembers the kind of the last value it met in a field all threads share, and compares two
     * values of a kind it serializes (object ids, documents) only if that field held one kind across both of
     * its reads; else it threw "Can not compare" (seen as a failed projection write, retried). Many threads
     * comparing ids while others meet strings and numbers must all get H2's answer, every time.
     */
    @Test
    void valuesCompareAsH2OrdersThemWhileOtherThreadsUseTheTypeForOtherKinds() throws Exception {
        ObjectId low = new ObjectId();
        ObjectId high = new ObjectId();
        int order = Integer.signum(new ObjectDataType().compare(low, high)); // H2's answer, on one thread
        assertThat(order).isNotZero();
        UUID uuid = UUID.randomUUID();
        int rounds = 200_000;
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean ids = t % 2 == 0;
            work.add(() -> {
                start.await();
                int wrong = 0;
                WriteBuffer buffer = new WriteBuffer();
                for (int i = 0; i < rounds; i++) {
                    if (ids) {
                        wrong += Integer.signum(TYPE.compare(low, high)) == order
                                && Integer.signum(TYPE.compare(high, low)) == -order
                                && TYPE.compare(low, new ObjectId(low.toByteArray())) == 0 ? 0 : 1;
                    } else { // meets other kinds, as the other maps and the serializer do
                        TYPE.compare("a" + i, "b");
                        TYPE.compare((long) i, 7L);
                        TYPE.getMemory(uuid);
                        buffer.clear();
                        TYPE.write(buffer, i);
                    }
                }
                return wrong;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> job : work) {
                results.add(pool.submit(job));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isZero(); // rethrows "Can not compare" if thrown
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The order of values other than index keys is H2's own, as files written before expect. */
    @Test
    void valuesOtherThanIndexKeysKeepH2sOrder() {
        ObjectDataType h2 = new ObjectDataType();
        List<Object> values = List.of(new ObjectId(), new ObjectId(), "a", "b", "ab", 1, 2L, 3.5, UUID.randomUUID(),
                true, new KeyValue(List.of("x")), new KeyValue(List.of("x", 1)));
        for (Object a : values) {
            for (Object b : values) {
                if (a instanceof KeyValue && b instanceof KeyValue) {
                    continue; // ordered as MongoDB orders them: BsonStorageTest
                }
                assertThat(Integer.signum(TYPE.compare(a, b))).as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(h2.compare(a, b)));
            }
        }
    }

    /**
     * The short way for object ids, strings and whole numbers gives MongoDB's order, as the server's comparator
     * does, for every pair: of one kind, of two kinds, and of kinds it leaves to that comparator.
     */
    @Test
    void indexKeyValuesAreOrderedAsTheServersComparatorOrdersThem() {
        ValueComparator mongo = ValueComparator.ascWithoutListHandling();
        ObjectId first = new ObjectId();
        List<Object> values = Arrays.asList(first, new ObjectId(), new ObjectId(first.toByteArray()), "", "a", "b",
                "ab", "B", "é", 0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0L, 1L, -7L, Long.MAX_VALUE,
                Long.MIN_VALUE, 1L << 40, 2.5, 1.0, true, false, Instant.ofEpochMilli(5), null);
        int compared = 0;
        for (Object a : values) {
            for (Object b : values) {
                int order = Integer.signum(mongo.compare(a, b));
                assertThat(Integer.signum(BsonValuesDataType.valueOrder(a, b))).as("%s against %s", a, b)
                        .isEqualTo(order);
                if (order != 0) { // a tie is broken as H2 breaks it: valuesOtherThanIndexKeysKeepH2sOrder
                    assertThat(Integer.signum(TYPE.compare(new KeyValue(Arrays.asList(a, "k")),
                            new KeyValue(Arrays.asList(b, "k"))))).as("keys of %s against %s", a, b).isEqualTo(order);
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(values.size() * values.size());
    }
}
