package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/** 403 with kind {@code quota-exceeded}: the user's quota does not allow one more of something. */
public class QuotaExceededException extends TaidonProblemException {

    /**
     * @param resource the quota, e.g. {@code sandboxes}
     * @param limit the user's limit for it
     */
    public QuotaExceededException(String resource, long limit) {
        super(HttpStatus.FORBIDDEN, "quota-exceeded", "Quota exceeded",
                "Your quota allows at most " + limit + " " + resource + ".");
    }
}
