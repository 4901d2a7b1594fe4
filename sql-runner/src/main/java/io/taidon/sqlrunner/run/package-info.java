/** Runs: the public API, prefix reuse through layers, and the run records. */
@NullMarked
package io.taidon.sqlrunner.run;

import org.jspecify.annotations.NullMarked;
