/** Tests of the Helm chart, the Prometheus rules and the Grafana dashboards. */
@NullMarked
package io.taidon.deploy;

import org.jspecify.annotations.NullMarked;
