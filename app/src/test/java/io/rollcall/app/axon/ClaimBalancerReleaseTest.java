package io.rollcall.app.axon;

import io.rollcall.app.cluster.StoredPositions.Claim;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which segments a node lets go of: the rule that shares the projections out among nodes, without the token
 * store. Six projections as the app has them: classes whole, five split in two.
 */
class ClaimBalancerReleaseTest {

    private static final List<String> SPLIT = List.of("analytics", "attendance", "audit", "sessions", "users");

    @Test
    void aNodeHoldingEverythingLetsGoOfEverySecondSegmentWhenAnotherArrives() {
        List<Claim> claims = allOn("a");

        assertThat(ClaimBalancer.toRelease(claims, "a", 2, claim -> false))
                .containsExactlyInAnyOrderElementsOf(SPLIT.stream().map(p -> new Claim(p, 1, "a")).toList());
        assertThat(ClaimBalancer.toRelease(claims, "a", 1, claim -> false)).as("alone").isEmpty();
    }

    @Test
    void aSegmentThatCameBackIsKeptAndTheProjectionsOtherHalfGoesInstead() {
        // a released every second segment; the other node was too slow for analytics 1, which came back
        List<Claim> claims = new ArrayList<>(List.of(new Claim("classes", 0, "a"), new Claim("analytics", 1, "a")));
        SPLIT.forEach(p -> claims.add(new Claim(p, 0, "a")));
        SPLIT.stream().filter(p -> !p.equals("analytics")).forEach(p -> claims.add(new Claim(p, 1, "b")));

        assertThat(ClaimBalancer.toRelease(claims, "a", 2, new Claim("analytics", 1, "a")::equals))
                .containsExactly(new Claim("analytics", 0, "a"));
        assertThat(ClaimBalancer.toRelease(claims, "b", 2, claim -> false)).isEmpty();
    }

    @Test
    void evenCountsWithBothHalvesOfAProjectionOnOneNodeAreUndone() {
        List<Claim> claims = List.of(new Claim("classes", 0, "a"), new Claim("users", 0, "a"),
                new Claim("users", 1, "a"), new Claim("sessions", 0, "a"), new Claim("audit", 0, "a"),
                new Claim("attendance", 0, "a"), new Claim("sessions", 1, "b"), new Claim("audit", 1, "b"),
                new Claim("attendance", 1, "b"), new Claim("analytics", 0, "b"), new Claim("analytics", 1, "b"));

        assertThat(ClaimBalancer.toRelease(claims, "a", 2, claim -> false))
                .containsExactly(new Claim("users", 1, "a"));
        assertThat(ClaimBalancer.toRelease(claims, "b", 2, claim -> false))
                .containsExactly(new Claim("analytics", 1, "b"));
    }

    @Test
    void aSharedOutClusterIsLeftAsItIs() {
        List<Claim> claims = new ArrayList<>(List.of(new Claim("classes", 0, "a")));
        SPLIT.forEach(p -> claims.add(new Claim(p, 0, "a")));
        SPLIT.forEach(p -> claims.add(new Claim(p, 1, "b")));

        assertThat(ClaimBalancer.toRelease(claims, "a", 2, claim -> false)).isEmpty();
        assertThat(ClaimBalancer.toRelease(claims, "b", 2, claim -> false)).isEmpty();
    }

    /**
     * From random claims, rounds in which every node releases what the rule says and another node, at random,
     * claims each released segment (as the first processor to poll would) end with even counts and no split
     * projection on one node alone, and soon.
     */
    @Test
    void fromAnyStartTheRoundsEndSharedOut() {
        Random random = new Random(8);
        int slowest = 0;
        for (int start = 0; start < 1_000; start++) {
            int nodeCount = 2 + random.nextInt(2);
            List<String> nodes = IntStream.range(0, nodeCount).mapToObj(i -> "n" + i).toList();
            List<Claim> claims = new ArrayList<>(allOn("n0").stream()
                    .map(claim -> new Claim(claim.projection(), claim.segment(),
                            nodes.get(random.nextInt(nodeCount))))
                    .toList());
            int rounds = 0;
            for (boolean moved = true; moved; rounds++) {
                assertThat(rounds).as("rounds from start %d: %s", start, claims).isLessThan(30);
                moved = false;
                for (String node : nodes) {
                    for (Claim released : ClaimBalancer.toRelease(claims, node, nodeCount, claim -> false)) {
                        List<String> others = nodes.stream().filter(other -> !other.equals(node)).toList();
                        claims.set(claims.indexOf(released), new Claim(released.projection(), released.segment(),
                                others.get(random.nextInt(others.size()))));
                        moved = true;
                    }
                }
            }
            slowest = Math.max(slowest, rounds);
            assertThat(nodes.stream().mapToLong(node -> held(claims, node)).max().orElseThrow()
                    - nodes.stream().mapToLong(node -> held(claims, node)).min().orElseThrow())
                    .as("claims per node from start %d: %s", start, claims).isLessThanOrEqualTo(1);
            for (String projection : SPLIT) {
                Set<String> owners = claims.stream().filter(claim -> claim.projection().equals(projection))
                        .map(Claim::owner).collect(Collectors.toSet());
                assertThat(owners).as("%s from start %d: %s", projection, start, claims).hasSize(2);
            }
        }
        System.out.println("slowest start settled in " + slowest + " rounds");
    }

    private static long held(List<Claim> claims, String node) {
        return claims.stream().filter(claim -> node.equals(claim.owner())).count();
    }

    private static List<Claim> allOn(String node) {
        List<Claim> claims = new ArrayList<>(List.of(new Claim("classes", 0, node)));
        SPLIT.forEach(p -> {
            claims.add(new Claim(p, 0, node));
            claims.add(new Claim(p, 1, node));
        });
        return claims;
    }
}
