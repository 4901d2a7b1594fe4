package io.taidon.sqlrunner.run;

import java.util.List;
import java.util.Map;

import io.taidon.sqlrunner.execution.StatementResult;

/**
 * Where a run resumed and what serves statements {@code 1 … depth}: the outcome of the second step of a run
 * ({@link Resumer#resume}).
 *
 * @param plan the state the run resumed from
 * @param results recorded results of statements {@code 1 … depth}, source {@code cache}
 * @param settings session settings to re-apply at that point
 */
record Resume(ResumePlan plan, List<StatementResult> results, Map<String, String> settings) {

    /** @return the base: nothing served from the cache */
    static Resume atBase() {
        return new Resume(new ResumePlan(ResumePlan.Source.BASE, 0), List.of(), Map.of());
    }

    /** @return how many of the tail's statements the resumed state serves */
    int depth() {
        return this.plan.depth();
    }
}
