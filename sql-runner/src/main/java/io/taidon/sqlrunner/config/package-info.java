/** sql-runner's settings ({@code taidon.sql-runner.*}) in one validated tree. */
@NullMarked
package io.taidon.sqlrunner.config;

import org.jspecify.annotations.NullMarked;
