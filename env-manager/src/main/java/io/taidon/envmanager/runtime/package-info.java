/** Runtime SPI: how a sandbox's PostgreSQL is created, started, stopped, inspected and removed. */
@NullMarked
package io.taidon.envmanager.runtime;

import org.jspecify.annotations.NullMarked;
