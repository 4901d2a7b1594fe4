/** What all of sql-runner's features share about a sandbox: one run (or save, console call, capture) at a time. */
@NullMarked
package io.taidon.sqlrunner.sandbox;

import org.jspecify.annotations.NullMarked;
