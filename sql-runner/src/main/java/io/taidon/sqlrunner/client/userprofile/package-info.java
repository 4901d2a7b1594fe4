/** Client of user-profile's internal quota API. */
@NullMarked
package io.taidon.sqlrunner.client.userprofile;

import org.jspecify.annotations.NullMarked;
