/** The public account endpoints: anonymous sessions, registration, login with throttling, refresh and logout. */
@NullMarked
package io.taidon.idp.auth;

import org.jspecify.annotations.NullMarked;
