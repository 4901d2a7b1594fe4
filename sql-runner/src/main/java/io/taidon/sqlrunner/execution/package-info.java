/** Executing statements on a sandbox session the way psql -X does, with the runner's own limits. */
@NullMarked
package io.taidon.sqlrunner.execution;

import org.jspecify.annotations.NullMarked;
