package org.keyproject.common;

import java.util.Arrays;
import java.util.Optional;

/**
 * The type of an uploaded file as its first bytes say (magic numbers), never as its declared type or
 * name say: a renamed executable stays refused.
 */
public final class FileTypes {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String PDF = "application/pdf";

    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};

    private FileTypes() {
    }

    /** JPEG, PNG or PDF by the file's first bytes; empty for anything else. */
    public static Optional<String> detect(byte[] bytes) {
        if (startsWith(bytes, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    /** A file name fit to keep: the last 255 characters of the stripped name, or the fallback when blank. */
    public static String filename(String name, String fallback) {
        String kept = name == null || name.isBlank() ? fallback : name.strip();
        return kept.length() > 255 ? kept.substring(kept.length() - 255) : kept;
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }
}
