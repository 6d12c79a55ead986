package io.glasscache.deploy;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.JSON;

/**
 * Reads Kubernetes manifests strictly into the official Java model ({@code io.kubernetes:client-java-api}): YAML
 * with duplicate keys is rejected ({@link StrictYaml}), every document must be a kind this project uses under its
 * own API group, and the model's type adapters reject any field the API does not define, at any depth (a misspelt
 * {@code imagePullPolicy} is an error, not a silently dropped setting) as well as values of the wrong type.
 */
final class KubernetesManifests {

    /** The API group each kind used in deploy/k8s belongs to ("" is the core group). */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("Namespace", ""), Map.entry("Service", ""), Map.entry("ConfigMap", ""),
            Map.entry("Secret", ""), Map.entry("ServiceAccount", ""), Map.entry("PersistentVolumeClaim", ""),
            Map.entry("Deployment", "apps"), Map.entry("StatefulSet", "apps"), Map.entry("DaemonSet", "apps"),
            Map.entry("PodDisruptionBudget", "policy"), Map.entry("HorizontalPodAutoscaler", "autoscaling"),
            Map.entry("NetworkPolicy", "networking.k8s.io"), Map.entry("Role", "rbac.authorization.k8s.io"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io"));

    private static final JSON JSON = new JSON();

    private KubernetesManifests() {
    }

    /** Every document of a multi-document YAML stream, as model objects; the first bad one throws. */
    static List<KubernetesObject> parse(String yaml) {
        List<Object> documents;
        try {
            documents = StrictYaml.all(yaml);
        } catch (RuntimeException e) {
            throw new InvalidManifestException("not valid YAML: " + e.getMessage(), e);
        }
        List<KubernetesObject> objects = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            objects.add(toModel(i + 1, documents.get(i)));
        }
        return objects;
    }

    private static KubernetesObject toModel(int index, Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidManifestException("document " + index + " is not a mapping but "
                    + StrictYaml.describe(document));
        }
        String apiVersion = String.valueOf(map.get("apiVersion"));
        String kind = String.valueOf(map.get("kind"));
        String where = "document " + index + " (" + apiVersion + " " + kind + ")";
        String group = GROUPS.get(kind);
        if (group == null) {
            throw new InvalidManifestException(where + ": no model for kind " + kind);
        }
        int slash = apiVersion.indexOf('/');
        String actualGroup = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (!actualGroup.equals(group) || !version.matches("v\\d+((alpha|beta)\\d+)?")) {
            throw new InvalidManifestException(where + ": " + kind + " is not in API " + apiVersion);
        }
        String className = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + kind;
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new InvalidManifestException(where + ": the Kubernetes model has no " + apiVersion + " " + kind, e);
        }
        try {
            Object object = JSON.getGson().fromJson(toJson(map), type);
            return (KubernetesObject) object;
        } catch (RuntimeException e) {
            throw new InvalidManifestException(where + ": " + e.getMessage(), e);
        }
    }

    /** YAML data (maps, lists, scalars) as a JSON tree, as kubectl sends it to the API server. */
    static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (value instanceof Date date) {
            return new JsonPrimitive(DateTimeFormatter.ISO_INSTANT.format(date.toInstant().atOffset(ZoneOffset.UTC)));
        }
        return new JsonPrimitive(String.valueOf(value));
    }

    /** The JSON of a model object (for copies and messages). */
    static String toJsonText(Object object) {
        return JSON.serialize(object);
    }

    /** A manifest the strict reading refused. */
    static final class InvalidManifestException extends RuntimeException {
        InvalidManifestException(String message) {
            super(message);
        }

        InvalidManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
