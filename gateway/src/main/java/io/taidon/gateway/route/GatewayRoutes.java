package io.taidon.gateway.route;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import io.taidon.gateway.config.GatewayProperties;
import io.taidon.gateway.ratelimit.RequestRateLimiter;
import io.taidon.platform.client.ServiceClientProperties;
import io.taidon.platform.problem.Problems;
import io.taidon.platform.web.RequestIdPropagation;
import io.taidon.platform.web.RequestIds;

/**
 * The public routes, each to one service (base URL from {@code taidon.service-client.services.<name>}):
 * <pre>
 * /api/auth/**, /login/oauth2/code/**, /.well-known/jwks.json  → idp-adapter     (public, budget per address)
 * /api/me/**, /api/admin/**                                     → user-profile
 * /api/sandboxes/**                                             → env-manager
 * /api/snapshots/**                                             → snapshot-cache
 * /api/runs/**                                                  → sql-runner
 * /api/audit/**                                                 → audit-log
 * GET /v3/api-docs/{service}                                    → that service's /v3/api-docs, rewritten (public)
 * </pre>
 * The OpenAPI documents are rewritten on the way ({@link PublicApiDocs}): public paths only, the gateway as server.
 * The path is forwarded unchanged (except for the OpenAPI documents), with the caller's {@code Authorization} header
 * and the request id. Nothing else is routed: {@code /internal/**}, {@code /oauth2/token} and the services' actuator
 * endpoints are unreachable through the gateway.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    /** Services whose OpenAPI document the gateway shows in its Swagger UI. */
    static final List<String> DOCUMENTED = List.of("idp-adapter", "user-profile", "env-manager", "snapshot-cache",
            "sql-runner", "vcs-sync", "audit-log");

    private final ServiceClientProperties services;

    private final GatewayProperties properties;

    private final RequestRateLimiter rateLimiter;

    private final RouteResilience resilience;

    private final RestClient apiDocs;

    GatewayRoutes(ServiceClientProperties services, GatewayProperties properties, RequestRateLimiter rateLimiter,
            RouteResilience resilience, RestClient.Builder restClients) {
        this.apiDocs = restClients.clone()
            .requestInterceptor(new RequestIdPropagation())
            .build();
        this.services = services;
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        this.resilience = resilience;
    }

    @Bean
    static RouteResilience routeResilience(CircuitBreakerRegistry breakers) {
        return new RouteResilience(breakers);
    }

    @Bean
    RouterFunction<ServerResponse> authRoute() {
        RequestPredicate paths = RequestPredicates.path("/api/auth/**")
            .or(RequestPredicates.path("/login/oauth2/code/**"))
            .or(RequestPredicates.GET("/.well-known/jwks.json"));
        return route("auth", "idp-adapter", paths, this.rateLimiter.perAddress("auth"));
    }

    @Bean
    RouterFunction<ServerResponse> profileRoute() {
        return userRoute("profile", "user-profile",
                RequestPredicates.path("/api/me/**").or(RequestPredicates.path("/api/admin/**")));
    }

    /**
     * Sandbox calls that act on the learner's runs go to sql-runner, which knows the last run and holds the
     * sandbox's run lock: save ({@code POST /api/sandboxes/{id}/snapshots}) and the console
     * ({@code POST /api/sandboxes/{id}/console}, {@code …/console/reset}) and the learner database's schema
     * ({@code GET /api/sandboxes/{id}/schema}).
     */
    static final RequestPredicate RUNNER_SANDBOX_CALLS = RequestPredicates.POST("/api/sandboxes/{sandboxId}/snapshots")
        .or(RequestPredicates.POST("/api/sandboxes/{sandboxId}/console"))
        .or(RequestPredicates.POST("/api/sandboxes/{sandboxId}/console/reset"))
        .or(RequestPredicates.GET("/api/sandboxes/{sandboxId}/schema"));

    @Bean
    RouterFunction<ServerResponse> sandboxesRoute() {
        return userRoute("sandboxes", "env-manager",
                RequestPredicates.path("/api/sandboxes/**").and(RUNNER_SANDBOX_CALLS.negate()));
    }

    @Bean
    RouterFunction<ServerResponse> snapshotsRoute() {
        return userRoute("snapshots", "snapshot-cache", RequestPredicates.path("/api/snapshots/**"));
    }

    @Bean
    RouterFunction<ServerResponse> runsRoute() {
        return userRoute("runs", "sql-runner", RequestPredicates.path("/api/runs/**").or(RUNNER_SANDBOX_CALLS));
    }

    @Bean
    RouterFunction<ServerResponse> auditRoute() {
        return userRoute("audit", "audit-log", RequestPredicates.path("/api/audit/**"));
    }

    @Bean
    RouterFunction<ServerResponse> projectsRoute() {
        return userRoute("projects", "vcs-sync",
                RequestPredicates.path("/api/projects/**").or(RequestPredicates.path("/api/credentials/**")));
    }

    @Bean
    RouterFunction<ServerResponse> apiDocsRoutes() {
        RouterFunction<ServerResponse> routes = null;
        for (String service : DOCUMENTED) {
            String document = this.services.baseUrl(service) + "/v3/api-docs";
            RouterFunction<ServerResponse> route = GatewayRouterFunctions.route("api-docs-" + service)
                // fetched without the caller's credentials and rewritten: only public paths, the gateway as the
                // only server, so no internal endpoint or address leaks (PublicApiDocs)
                .route(RequestPredicates.method(HttpMethod.GET)
                    .and(RequestPredicates.path("/v3/api-docs/" + service)), request -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(PublicApiDocs.publicOnly(
                                this.apiDocs.get().uri(document).retrieve().body(String.class))))
                .filter(this.rateLimiter.perAddress("api-docs"))
                .filter(forwardRequestId())
                .filter(this.resilience.guard(service, this.properties.timeoutFor(service)))
                .build();
            routes = routes == null ? route : routes.and(route);
        }
        return routes;
    }

    /** Any other {@code /api/**} path: the same 404 ProblemDetail a service gives for an unknown path. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    RouterFunction<ServerResponse> unroutedApi() {
        return RouterFunctions.route(RequestPredicates.path("/api/**"),
                request -> ServerResponse.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No resource at this path.")));
    }

    private RouterFunction<ServerResponse> userRoute(String id, String service, RequestPredicate paths) {
        return route(id, service, paths, this.rateLimiter.perUser(id));
    }

    private RouterFunction<ServerResponse> route(String id, String service, RequestPredicate paths,
            HandlerFilterFunction<ServerResponse, ServerResponse> budget) {
        return GatewayRouterFunctions.route(id)
            .route(paths, HandlerFunctions.http())
            .before(BeforeFilterFunctions.uri(this.services.baseUrl(service)))
            .filter(budget)
            .filter(forwardRequestId())
            .filter(this.resilience.guard(service, this.properties.timeoutFor(service)))
            .build();
    }

    /** Sends the request id the platform's {@code RequestIdFilter} accepted or created (never a caller's unsafe one). */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> forwardRequestId() {
        return (request, next) -> {
            String requestId = RequestIds.current();
            if (requestId == null) {
                return next.handle(request);
            }
            ServerRequest withId = ServerRequest.from(request)
                .headers(headers -> headers.set(RequestIds.HEADER, requestId))
                .build();
            return next.handle(withId);
        };
    }
}
