/** Sandbox lifecycle: records, public and internal endpoints, credentials. */
@NullMarked
package io.taidon.envmanager.sandbox;

import org.jspecify.annotations.NullMarked;
