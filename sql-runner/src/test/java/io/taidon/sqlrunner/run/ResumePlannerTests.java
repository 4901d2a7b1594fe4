package io.taidon.sqlrunner.run;

import java.util.Arrays;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The resume decision over a table of cases, without a database or a service. */
class ResumePlannerTests {

    @ParameterizedTest(name = "tail {0}, warm {1}, restored {2}, layers [{3}], chain snapshot {4} -> {5} {6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # tail | warm  | restored | layers | snapshot | source            | depth | layers asked | snapshot asked
              5    | true  | -        | 5      | 5        | WARM_SESSION      | 5     | false        | false
              0    | true  | -        | -      | 0        | WARM_SESSION      | 0     | false        | false
              5    | false | 4        | 5      | 5        | RESTORED_SNAPSHOT | 4     | false        | false
              0    | false | -        | -      | 3        | BASE              | 0     | false        | false
              5    | false | -        | 2 5    | 5        | LAYER             | 5     | true         | false
              5    | false | -        | 2 3    | 0        | LAYER             | 3     | true         | true
              5    | false | -        | 2 3    | 3        | LAYER             | 3     | true         | true
              5    | false | -        | 2 3    | 4        | CHAIN_SNAPSHOT    | 4     | true         | true
              5    | false | -        | -      | 4        | CHAIN_SNAPSHOT    | 4     | true         | true
              5    | false | -        | -      | 0        | BASE              | 0     | true         | true
              5    | false | -        | 7      | 0        | BASE              | 0     | true         | true
              5    | false | -        | 1      | 9        | CHAIN_SNAPSHOT    | 5     | true         | true
            """)
    void shouldChooseTheDeepestCheapestStateAndAskOnlyWhatTheChoiceNeeds(int tail, boolean warm,
            Integer restored, String layers, int snapshot, ResumePlan.Source source, int depth, boolean layersAsked,
            boolean snapshotAsked) {
        NavigableSet<Integer> depths = new TreeSet<>();
        if (layers != null) {
            Arrays.stream(layers.split(" ")).map(Integer::valueOf).forEach(depths::add);
        }
        AtomicInteger layerLookups = new AtomicInteger();
        AtomicInteger snapshotLookups = new AtomicInteger();
        ResumePlan plan = ResumePlanner.plan(tail, warm, restored, () -> {
            layerLookups.incrementAndGet();
            return depths;
        }, () -> {
            snapshotLookups.incrementAndGet();
            return snapshot;
        });
        assertThat(plan).isEqualTo(new ResumePlan(source, depth));
        assertThat(layerLookups.get() > 0).as("layers asked").isEqualTo(layersAsked);
        assertThat(snapshotLookups.get() > 0).as("chain snapshot asked").isEqualTo(snapshotAsked);
    }

    @ParameterizedTest(name = "{0} at {1} of tail {2}, head rolls back {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # source          | depth | tail | head rolls back | layer stored
              CHAIN_SNAPSHOT    | 5     | 5    | true            | AFTER_ANSWER
              CHAIN_SNAPSHOT    | 5     | 5    | false           | BEFORE_RUN
              CHAIN_SNAPSHOT    | 3     | 5    | true            | BEFORE_RUN
              RESTORED_SNAPSHOT | 5     | 5    | true            | AFTER_ANSWER
              RESTORED_SNAPSHOT | 4     | 5    | false           | BEFORE_RUN
              LAYER             | 5     | 5    | true            | NONE
              WARM_SESSION      | 5     | 5    | true            | NONE
              BASE              | 0     | 5    | true            | NONE
            """)
    void shouldStoreARestoredPointsLayerAfterTheAnswerOnlyWhenTheHeadLeavesTheDatabaseThere(
            ResumePlan.Source source, int depth, int tail, boolean headRollsBack, ResumePlanner.RestoredLayer expected) {
        assertThat(ResumePlanner.restoredLayer(new ResumePlan(source, depth), tail, headRollsBack)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} at {1} counts as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            WARM_SESSION      | 0 | MISS
            WARM_SESSION      | 3 | LAYER
            LAYER             | 3 | LAYER
            RESTORED_SNAPSHOT | 3 | SNAPSHOT
            CHAIN_SNAPSHOT    | 3 | SNAPSHOT
            BASE              | 0 | MISS
            """)
    void shouldCountEachSourceAtItsCacheLevel(ResumePlan.Source source, int depth, CacheLevel level) {
        assertThat(new ResumePlan(source, depth).level()).isEqualTo(level);
    }
}
