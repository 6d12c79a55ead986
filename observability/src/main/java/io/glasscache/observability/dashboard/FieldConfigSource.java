package io.glasscache.observability.dashboard;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A panel's field configuration: defaults for every field, and overrides for fields a matcher selects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldConfigSource {
    public FieldConfig defaults = new FieldConfig();
    public List<FieldOverride> overrides = new ArrayList<>();
}
