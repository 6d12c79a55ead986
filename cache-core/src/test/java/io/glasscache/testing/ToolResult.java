package io.glasscache.testing;

/** What a command-line tool run returned: its exit code and its combined stdout and stderr. */
public record ToolResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
