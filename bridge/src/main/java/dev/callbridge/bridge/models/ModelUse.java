package dev.callbridge.bridge.models;

import java.util.Objects;

/** One configured model: the setting that names it and the model id it names. */
public record ModelUse(String setting, String model) {
    public ModelUse {
        Objects.requireNonNull(setting);
        Objects.requireNonNull(model);
    }

    @Override
    public String toString() {
        return setting + "=" + model;
    }
}
