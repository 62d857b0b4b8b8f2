package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.rollcall.query.ProjectionWriter.BATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes are appends ($push) to one document's list, so the stored list shows both which writes arrived and
 * in which order.
 */
class ProjectionWriterTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private final ProjectionWriter writer = new ProjectionWriter();
    private MongoCollection<Document> first;
    private MongoCollection<Document> second;

    @BeforeEach
    void freshCollections() {
        MongoDatabase database = mongo.freshDatabase();
        first = database.getCollection("first");
        second = database.getCollection("second");
    }

    @Test
    void liveWritesAreVisibleAtOnce() {
        writer.write(first, push(1));
        assertThat(seen(first)).containsExactly(1);

        writer.writeAll(first, List.of(push(2), push(3)));
        assertThat(seen(first)).containsExactly(1, 2, 3);
    }

    @Test
    void writingNothingIsANoOp() {
        writer.writeAll(first, List.of());
        writer.batched(() -> {
            writer.writeAll(first, List.of());
            return null;
        });

        assertThat(first.countDocuments()).isZero();
    }

    @Test
    void batchedWritesWaitForTheEndAndKeepTheirOrder() {
        String result = writer.batched(() -> {
            writer.write(first, push(1));
            writer.writeAll(first, List.of(push(2), push(3)));
            writer.write(first, new UpdateOneModel<>(Filters.eq("_id", 1), Updates.set("n", "earlier")));
            writer.write(first, new UpdateOneModel<>(Filters.eq("_id", 1), Updates.set("n", "later")));
            assertThat(first.countDocuments()).isZero();
            return "result";
        });

        assertThat(result).isEqualTo("result");
        assertThat(seen(first)).containsExactly(1, 2, 3);
        assertThat(first.find().first().getString("n")).isEqualTo("later");
    }

    @Test
    void aFullBatchIsSentAndTheRestFollowsAtTheEnd() {
        int total = BATCH + 10;
        writer.batched(() -> {
            for (int i = 1; i < BATCH; i++) {
                writer.write(first, push(i));
            }
            assertThat(first.countDocuments()).as("one write short of a batch").isZero();

            writer.write(first, push(BATCH));
            assertThat(seen(first)).as("the batch filled and was sent").isEqualTo(upTo(BATCH));

            for (int i = BATCH + 1; i <= total; i++) {
                writer.write(first, push(i));
            }
            assertThat(seen(first)).as("the next batch is pending").isEqualTo(upTo(BATCH));
            return null;
        });

        assertThat(seen(first)).isEqualTo(upTo(total));
    }

    @Test
    void oneWriteAllThatOverfillsTheBatchIsSentWhole() {
        writer.batched(() -> {
            writer.writeAll(first, IntStream.rangeClosed(1, BATCH - 1).mapToObj(ProjectionWriterTest::push).toList());
            assertThat(first.countDocuments()).isZero();
            writer.writeAll(first, List.of(push(BATCH), push(BATCH + 1)));
            assertThat(seen(first)).isEqualTo(upTo(BATCH + 1));
            return null;
        });

        assertThat(seen(first)).isEqualTo(upTo(BATCH + 1));
    }

    @Test
    void theBatchCountsTheWritesOfEveryCollectionAndKeepsEachInOrder() {
        int each = BATCH / 2 + 100;
        writer.batched(() -> {
            for (int i = 1; i <= each; i++) {
                writer.write(first, push(i));
                writer.write(second, push(i));
                if (i == BATCH / 2 - 1) {
                    assertThat(first.countDocuments() + second.countDocuments()).isZero();
                }
                if (i == BATCH / 2) {
                    assertThat(seen(first)).isEqualTo(upTo(BATCH / 2));
                    assertThat(seen(second)).isEqualTo(upTo(BATCH / 2));
                }
            }
            assertThat(seen(first)).isEqualTo(upTo(BATCH / 2));
            assertThat(seen(second)).isEqualTo(upTo(BATCH / 2));
            return null;
        });

        assertThat(seen(first)).isEqualTo(upTo(each));
        assertThat(seen(second)).isEqualTo(upTo(each));
    }

    @Test
    void failedWorkDropsWhatWasPendingAndTheNextWriteIsLive() {
        assertThatThrownBy(() -> writer.batched(() -> {
            writer.write(first, push(1));
            writer.write(second, push(1));
            throw new IllegalStateException("replay failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("replay failed");

        assertThat(first.countDocuments()).isZero();
        assertThat(second.countDocuments()).isZero();

        writer.write(first, push(2));
        assertThat(seen(first)).containsExactly(2);
    }

    @Test
    void failedWorkKeepsTheBatchesAlreadySent() {
        assertThatThrownBy(() -> writer.batched(() -> {
            for (int i = 1; i <= BATCH + 5; i++) {
                writer.write(first, push(i));
            }
            throw new IllegalStateException("replay failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(seen(first)).isEqualTo(upTo(BATCH));
    }

    @Test
    void nestedBatchesWriteOnlyAtTheOuterEnd() {
        String result = writer.batched(() -> {
            writer.write(first, push(1));
            String inner = writer.batched(() -> {
                writer.write(first, push(2));
                writer.write(second, push(1));
                return "inner";
            });
            assertThat(inner).isEqualTo("inner");
            assertThat(first.countDocuments() + second.countDocuments()).as("inner end writes nothing").isZero();
            writer.write(first, push(3));
            return "outer";
        });

        assertThat(result).isEqualTo("outer");
        assertThat(seen(first)).containsExactly(1, 2, 3);
        assertThat(seen(second)).containsExactly(1);
    }

    @Test
    void onlyTheBatchingThreadsWritesAreHeld() {
        writer.batched(() -> {
            writer.write(first, push(1));
            CompletableFuture.runAsync(() -> writer.write(second, push(1))).join();
            assertThat(seen(second)).as("another thread writes live").containsExactly(1);
            assertThat(first.countDocuments()).isZero();
            return null;
        });

        assertThat(seen(first)).containsExactly(1);
    }

    /** Appends {@code value} to the list "seen" of document 1, creating it on first use. */
    private static UpdateOneModel<Document> push(int value) {
        return new UpdateOneModel<>(Filters.eq("_id", 1), Updates.push("seen", value), new UpdateOptions().upsert(true));
    }

    private static List<Integer> seen(MongoCollection<Document> collection) {
        Document doc = collection.find(Filters.eq("_id", 1)).first();
        return doc == null ? List.of() : doc.getList("seen", Integer.class);
    }

    private static List<Integer> upTo(int last) {
        return IntStream.rangeClosed(1, last).boxed().collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }
}
