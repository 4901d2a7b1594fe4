/** Embedded infrastructure for the one-command mode and the tests: control-plane PostgreSQL. */
@NullMarked
package io.taidon.embedded;

import org.jspecify.annotations.NullMarked;
