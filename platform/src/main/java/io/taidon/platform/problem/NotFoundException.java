package io.taidon.platform.problem;

import org.springframework.http.HttpStatus;

/**
 * 404 for a missing object and for another user's object alike, so that the answer never reveals that an object
 * exists.
 */
public class NotFoundException extends TaidonProblemException {

    private NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    /**
     * @param objectType the kind of object, e.g. {@code sandbox}
     * @param id the identifier the caller asked for
     * @return the exception to throw
     */
    public static NotFoundException forId(String objectType, String id) {
        return new NotFoundException("No " + objectType + " with id '" + id + "'.");
    }
}
