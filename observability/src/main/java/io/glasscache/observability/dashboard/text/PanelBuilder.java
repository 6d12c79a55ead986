package io.glasscache.observability.dashboard.text;

import io.glasscache.observability.dashboard.PanelBuilderBase;

/** Builds a text panel ({@code type: text}): Markdown notes on how to read a dashboard. */
public final class PanelBuilder extends PanelBuilderBase<PanelBuilder> {

    private final Options options = new Options();

    public PanelBuilder() {
        super("text");
        panel.options = options;
    }

    public PanelBuilder content(String markdown) {
        options.content = markdown;
        return this;
    }
}
