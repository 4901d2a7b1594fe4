package io.taidon.idp.user;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** How a user signs in; stored lower-case in {@code users.kind}. */
public enum UserKind {

    /** A visitor's identity ({@code u_anon_…}), created without credentials. */
    ANONYMOUS,

    /** An email/password account ({@code u_local_…}, or an upgraded {@code u_anon_…}). */
    REGISTERED,

    /** An identity at an OIDC provider ({@code u_oidc_…}). */
    FEDERATED;

    /** @return the lower-case name used in the database and APIs */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter(autoApply = true)
    static class JpaConverter implements AttributeConverter<UserKind, String> {

        @Override
        public String convertToDatabaseColumn(UserKind kind) {
            return kind.value();
        }

        @Override
        public UserKind convertToEntityAttribute(String value) {
            return UserKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
