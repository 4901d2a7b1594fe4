/** Identities: anonymous, registered and federated users, their ids and tombstones. */
@NullMarked
package io.taidon.idp.user;

import org.jspecify.annotations.NullMarked;
