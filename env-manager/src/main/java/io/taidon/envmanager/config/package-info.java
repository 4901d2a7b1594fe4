/** Configuration of env-manager. */
@NullMarked
package io.taidon.envmanager.config;

import org.jspecify.annotations.NullMarked;
