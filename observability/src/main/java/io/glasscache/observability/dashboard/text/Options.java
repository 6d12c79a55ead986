package io.glasscache.observability.dashboard.text;

/** Options of a text panel: Markdown content. */
public class Options {
    public String mode = "markdown";
    public String content = "";
}
