package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/** 400 for input the service cannot accept, with a detail that says what is wrong. */
public class InvalidRequestException extends TaidonProblemException {

    /**
     * @param kind stable problem kind, e.g. {@code invalid-sql}
     * @param detail what is wrong with the input
     */
    public InvalidRequestException(String kind, String detail) {
        super(HttpStatus.BAD_REQUEST, kind, "Invalid request", detail);
    }
}
