/** Taidon sql-runner: Splits a learner's script, reuses the deepest cached prefix and replays the rest, returns every statement's result. */
@NullMarked
package io.taidon.sqlrunner;

import org.jspecify.annotations.NullMarked;
