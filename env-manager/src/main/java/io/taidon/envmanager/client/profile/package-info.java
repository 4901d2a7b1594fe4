/** Calls to user-profile (quota checks). */
@NullMarked
package io.taidon.envmanager.client.profile;

import org.jspecify.annotations.NullMarked;
