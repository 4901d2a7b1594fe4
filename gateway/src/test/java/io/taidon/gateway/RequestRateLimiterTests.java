package io.taidon.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.taidon.gateway.config.GatewayProperties;
import io.taidon.gateway.ratelimit.RateLimitBuckets;
import io.taidon.gateway.ratelimit.RequestRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateLimiterTests {

    @Test
    void shouldLetRequestsPassWhenTheBucketStoreIsUnreachable() throws Exception {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/taidon?connectTimeout=1");
        RequestRateLimiter limiter = new RequestRateLimiter(
                RateLimitBuckets.proxyManager(unreachable, RateLimitBuckets.TABLE),
                new GatewayProperties.RateLimit(Duration.ofMinutes(1), 1, 1), new SimpleMeterRegistry());
        MockHttpServletRequest servlet = new MockHttpServletRequest("POST", "/api/auth/login");
        servlet.setRemoteAddr("192.0.2.7");
        ServerRequest request = ServerRequest.create(servlet, List.<HttpMessageConverter<?>>of());

        for (int i = 0; i < 3; i++) {
            ServerResponse answer = limiter.perAddress("auth")
                .filter(request, r -> ServerResponse.ok().build());
            assertThat(answer.statusCode()).isEqualTo(HttpStatus.OK);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
