package dev.bindery.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The value of a {@code --data} option: inline text, or {@code @file} for a file's bytes. */
public final class Data {

    private Data() {
    }

    /** @return the bytes the option names: the text as UTF-8, or the file's content for {@code @file} */
    public static byte[] read(String option) {
        if (option.startsWith("@")) {
            Path file = Path.of(option.substring(1));
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCodes.ERROR, "--data " + option + ": no such file");
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "--data " + option + ": cannot read it: " + e.getMessage());
            }
        }
        return option.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the bytes, checked to be JSON when the content type is JSON ({@code application/json} or
     *         {@code +json}), so a typo fails here rather than as the app's 400
     */
    public static byte[] read(String option, String contentType) {
        byte[] data = read(option);
        if (isJson(contentType)) {
            try {
                Json.MAPPER.readTree(data);
            } catch (JsonProcessingException e) {
                throw new CliException(ExitCodes.ERROR, "--data is not JSON (" + e.getOriginalMessage()
                        + "); quote it for the shell, e.g. --data '{\"name\":\"Ada\"}', or set --content-type");
            } catch (IOException e) {
                throw new CliException(ExitCodes.ERROR, "--data: " + e.getMessage());
            }
        }
        return data;
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase();
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** @return the bytes as text, for printing */
    public static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
