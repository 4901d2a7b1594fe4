/** Test fixtures: control-plane PostgreSQL and a test token issuer. */
@NullMarked
package io.taidon.platform.test;

import org.jspecify.annotations.NullMarked;
