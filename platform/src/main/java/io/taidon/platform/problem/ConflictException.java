package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/** 409: the request conflicts with the object's current state (e.g. a run already in progress). */
public class ConflictException extends TaidonProblemException {

    /**
     * @param kind stable problem kind, e.g. {@code run-in-progress}
     * @param detail safe explanation
     */
    public ConflictException(String kind, String detail) {
        super(HttpStatus.CONFLICT, kind, "Conflict", detail);
    }
}
