package io.taidon.vcssync.project;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.taidon.platform.problem.InvalidRequestException;

/** What a file's bytes must be: UTF-8 (strict, no replacement) without NUL, which PostgreSQL text cannot hold. */
final class FileContents {

    private FileContents() {
    }

    /**
     * @param bytes a file's bytes
     * @param path its path, for the message
     * @return the text
     * @throws InvalidRequestException {@code invalid-content} (400) for bytes that are not UTF-8 or hold NUL
     */
    static String decode(byte[] bytes, String path) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (CharacterCodingException ex) {
            throw new InvalidRequestException("invalid-content", "The file '" + path + "' is not valid UTF-8.");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidRequestException("invalid-content", "The file '" + path + "' contains NUL characters.");
        }
        return text;
    }
}
