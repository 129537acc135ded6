package io.lifeboat.activities.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a restore does, decided before anything is sent: each object of the backup, moved to its
 * destination namespace, in restore order, and whether it is created (absent), replaced (present)
 * or kept as it is. A PersistentVolumeClaim or a Job that exists is kept: their specs are
 * immutable, and a bound claim holds data. The plan is what a dry run shows, and what the restore
 * then applies, step by step.
 */
record RestorePlan(List<Step> steps) {
  enum Action { CREATE, REPLACE, KEEP }

  /** An object of the backup as it will be in the destination. */
  record Step(Action action, ObjectRef ref, Map<String, Object> object) {
    String describe() {
      return action.name().toLowerCase() + " " + ref;
    }
  }

  /** Where an object is: its type, namespace (null: cluster-scoped) and name. */
  record ObjectRef(String apiVersion, String kind, String namespace, String name) {
    static ObjectRef of(Map<String, Object> object) {
      return new ObjectRef((String) object.get("apiVersion"), (String) object.get("kind"),
          ResourceKinds.metadata(object, "namespace"), ResourceKinds.metadata(object, "name"));
    }

    @Override
    public String toString() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
  }

  /**
   * @param objects the backup's objects
   * @param namespaces backed-up namespace → destination namespace; one not mapped keeps its name
   * @param exists whether the destination holds an object already (the only question asked of it)
   */
  static RestorePlan of(List<Map<String, Object>> objects, Map<String, String> namespaces,
      Predicate<ObjectRef> exists) {
    List<Map<String, Object>> moved = new ArrayList<>();
    for (Map<String, Object> object : objects) {
      moved.add(moved(object, namespaces));
    }
    moved.sort(ClusterExport.ORDER);
    List<Step> steps = new ArrayList<>();
    for (Map<String, Object> object : moved) {
      ObjectRef ref = ObjectRef.of(object);
      Action action = !exists.test(ref) ? Action.CREATE
          : ref.kind().equals("PersistentVolumeClaim") || ref.kind().equals("Job") ? Action.KEEP
          : Action.REPLACE;
      steps.add(new Step(action, ref, object));
    }
    return new RestorePlan(List.copyOf(steps));
  }

  long count(Action action) {
    return steps.stream().filter(s -> s.action() == action).count();
  }

  /** One line per step, for a dry run and the run's step summary. */
  List<String> lines() {
    return steps.stream().map(Step::describe).toList();
  }

  String summary(int maxLines) {
    List<String> lines = lines();
    String head = count(Action.CREATE) + " to create, " + count(Action.REPLACE) + " to replace, "
        + count(Action.KEEP) + " kept as they are (existing claims and jobs)";
    return head + ": " + String.join("; ", lines.subList(0, Math.min(maxLines, lines.size())))
        + (lines.size() > maxLines ? "; … " + (lines.size() - maxLines) + " more" : "");
  }

  /**
   * A copy of the object in its destination namespace: its own namespace (or, for a Namespace,
   * its name) and the namespaces of the service accounts its bindings name.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> moved(Map<String, Object> object, Map<String, String> namespaces) {
    Map<String, Object> copy = deepCopy(object);
    Map<String, Object> metadata = (Map<String, Object>) copy.get("metadata");
    if ("Namespace".equals(copy.get("kind"))) {
      metadata.put("name", namespaces.getOrDefault((String) metadata.get("name"), (String) metadata.get("name")));
    } else if (metadata.get("namespace") instanceof String namespace) {
      metadata.put("namespace", namespaces.getOrDefault(namespace, namespace));
    }
    if (copy.get("subjects") instanceof List<?> subjects) {
      for (Object subject : subjects) {
        if (subject instanceof Map<?, ?> s && s.get("namespace") instanceof String namespace) {
          ((Map<String, Object>) s).put("namespace", namespaces.getOrDefault(namespace, namespace));
        }
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }
}
