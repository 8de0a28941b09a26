package org.kernkit.bench.report;

/**
 * A report that cannot be made from its inputs: an unreadable or malformed results or peers file, a score that no
 * ratio can be taken of, a chart that cannot be written. The message is one line that names the file, the operation
 * and the problem, and is shown to the user as it is.
 */
public final class ReportException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message one line that names the file, the operation and the problem
     */
    public ReportException(String message) {
        super(message);
    }
}
