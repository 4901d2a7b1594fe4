/** Calls to user-profile: quota checks before a user's snapshot becomes visible. */
@NullMarked
package io.taidon.snapshotcache.client.profile;

import org.jspecify.annotations.NullMarked;
