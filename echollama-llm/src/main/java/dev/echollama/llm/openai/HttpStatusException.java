package dev.echollama.llm.openai;

import dev.echollama.EchoException;

/**
 * An OpenAI-compatible server refused a request with an HTTP status the caller must act on (401 / 403: the API
 * key; 404: the base URL or model name; other 4xx). The message names the status, the URL and the server's own
 * error message; it never holds the API key.
 */
public class HttpStatusException extends EchoException {
    private static final long serialVersionUID = 1L;
    private final int statusCode;
    private final String serverMessage;

    public HttpStatusException(int statusCode, String serverMessage, String message) {
        super(message);
        this.statusCode = statusCode;
        this.serverMessage = serverMessage == null ? "" : serverMessage;
    }

    /** The HTTP status, such as 401. */
    public int statusCode() {
        return statusCode;
    }

    /** The server's error message (from {@code error.message} when the body is OpenAI-style JSON), maybe empty. */
    public String serverMessage() {
        return serverMessage;
    }
}
