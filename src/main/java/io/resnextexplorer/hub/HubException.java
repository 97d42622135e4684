package io.resnextexplorer.hub;

/**
 * A Hub import failed for a reason a person can act on; the message says what happened and what to
 * do, in plain words (it is shown as is in the CLI and the window).
 */
public class HubException extends Exception {
    private static final long serialVersionUID = 1L;

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
