/** Client of env-manager's internal sandbox API. */
@NullMarked
package io.taidon.sqlrunner.client.envmanager;

import org.jspecify.annotations.NullMarked;
