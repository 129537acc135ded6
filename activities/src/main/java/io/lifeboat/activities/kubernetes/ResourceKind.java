package io.lifeboat.activities.kubernetes;

/**
 * A resource type Lifeboat exports and restores.
 *
 * @param name the {@code resources:} name, the object's {@code kind} for built-in types
 * @param apiVersion {@code group/version}, or {@code version} for the core group
 * @param plural its path segment in the API
 * @param namespaced whether its objects live in a namespace
 */
public record ResourceKind(String name, String apiVersion, String plural, boolean namespaced) {
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }
}
