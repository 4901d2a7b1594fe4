package io.taidon.sqlrunner.execution;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for row values and recorded results: JSON numbers keep every digit ({@code BigDecimal}, trailing
 * zeros kept), so a value reads back exactly as the server printed it.
 */
public final class ResultJson {

    /** Shared, immutable mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();

    private ResultJson() {
    }
}
