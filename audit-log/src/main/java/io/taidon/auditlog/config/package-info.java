/** Taidon audit-log: configuration properties and security wiring. */
@NullMarked
package io.taidon.auditlog.config;

import org.jspecify.annotations.NullMarked;
