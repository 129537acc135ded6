package io.lifeboat.activities.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.lifeboat.activities.kubernetes.RestorePlan.Action;
import io.lifeboat.activities.kubernetes.RestorePlan.ObjectRef;
import io.lifeboat.activities.kubernetes.RestorePlan.Step;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Plans and applies a restore on one cluster. Applying is idempotent: before an object is
 * created or replaced, a journal beside the staged backup records that it was created, or what
 * it was before, so a retried commit does not record its own first attempt as the original, and
 * a rollback deletes what the restore created and puts back what it replaced.
 */
final class ClusterApply {
  private final KubernetesConnection connection;
  private final KubernetesClient client;
  private final List<Map<String, Object>> backupDefinitions;

  /** @param backup the backup's objects: the custom resource definitions among them name their plurals */
  ClusterApply(KubernetesConnection connection, KubernetesClient client, List<Map<String, Object>> backup) {
    this.connection = connection;
    this.client = client;
    this.backupDefinitions = backup.stream().filter(o -> "CustomResourceDefinition".equals(o.get("kind"))).toList();
  }

  /** What a restore of {@code objects} would do here; only reads. */
  RestorePlan plan(List<Map<String, Object>> objects, Map<String, String> namespaces) {
    return RestorePlan.of(objects, namespaces, ref -> get(ref) != null);
  }

  /** Applies the plan's steps in order, journalling each before it is applied. */
  void apply(RestorePlan plan, Path journal, Consumer<String> progress) {
    Journal entries = Journal.open(journal);
    for (Step step : plan.steps()) {
      if (step.action() == Action.KEEP) {
        continue;
      }
      Map<String, Object> existing = get(step.ref());
      if (!entries.recorded(step.ref())) {
        entries.record(step.ref(), existing == null ? null : DeclarativeForm.strip(existing));
      }
      if (existing == null) {
        ApiFailures.call(connection, "create " + step.ref(), () -> operation(step.ref()).resource(resource(step.object()))
            .create());
      } else {
        ApiFailures.call(connection, "replace " + step.ref(), () -> operation(step.ref())
            .resource(resource(replacing(step.object(), existing))).update());
      }
      progress.accept(step.describe());
    }
  }

  /**
   * Undoes what a journal recorded, last first: deletes what was created, puts back what was
   * replaced; then deletes the journal (it holds replaced Secrets), leaving an empty
   * {@code .rolled-back} mark so that a retried rollback knows it is done. A journal that is gone
   * without that mark (its directory emptied, or another machine's) fails: nothing could be undone.
   */
  void rollback(Path journal, Consumer<String> progress) {
    Path done = rolledBack(journal);
    if (!Files.exists(journal)) {
      if (Files.exists(done)) {
        return;
      }
      throw ApplicationFailure.newNonRetryableFailure("the restore journal " + journal + " is gone (its directory"
          + " was emptied, or this is another machine), so what the restore created or replaced cannot be undone"
          + " automatically: compare the namespaces with the backup (`lifeboat restore-plan`) and fix them by hand;"
          + " keep the target's scratchDirectory on a persistent disk of the worker", FailureTypes.BAD_REQUEST);
    }
    List<Journal.Entry> entries = new ArrayList<>(Journal.read(journal));
    java.util.Collections.reverse(entries);
    for (Journal.Entry entry : entries) {
      Map<String, Object> current = get(entry.ref());
      if (entry.before() == null) {
        if (current != null) {
          ApiFailures.call(connection, "delete " + entry.ref(), () -> operation(entry.ref())
              .withName(entry.ref().name()).delete());
        }
      } else if (current == null) {
        ApiFailures.call(connection, "create " + entry.ref(), () -> operation(entry.ref())
            .resource(resource(entry.before())).create());
      } else {
        ApiFailures.call(connection, "replace " + entry.ref(), () -> operation(entry.ref())
            .resource(resource(replacing(entry.before(), current))).update());
      }
      progress.accept("rolled back " + entry.ref());
    }
    try {
      Files.write(done, new byte[0]);
      Files.delete(journal);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the restore journal " + journal + ": " + e.getMessage(), e);
    }
  }

  /** The empty mark a finished rollback leaves beside its journal. */
  static Path rolledBack(Path journal) {
    return journal.resolveSibling(journal.getFileName() + ".rolled-back");
  }

  /** The object to PUT over {@code existing}: its resourceVersion, and a Service keeps the address it has. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> replacing(Map<String, Object> object, Map<String, Object> existing) {
    Map<String, Object> copy = RestorePlan.moved(object, Map.of());
    ((Map<String, Object>) copy.get("metadata")).put("resourceVersion",
        ResourceKinds.metadata(existing, "resourceVersion"));
    if ("Service".equals(copy.get("kind")) && existing.get("spec") instanceof Map<?, ?> was
        && copy.get("spec") instanceof Map<?, ?> spec) {
      for (String field : List.of("clusterIP", "clusterIPs")) {
        if (was.get(field) != null) {
          ((Map<String, Object>) spec).put(field, was.get(field));
        }
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> get(ObjectRef ref) {
    GenericKubernetesResource found = ApiFailures.call(connection, "get " + ref,
        () -> operation(ref).withName(ref.name()).get());
    if (found == null) {
      return null;
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", ref.apiVersion());
    object.put("kind", ref.kind());
    object.putAll(client.getKubernetesSerialization().convertValue(found, Map.class));
    return object;
  }

  private GenericKubernetesResource resource(Map<String, Object> object) {
    return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> operation(ObjectRef ref) {
    var operation = client.genericKubernetesResources(ClusterExport.context(kind(ref)));
    return ref.namespace() == null ? operation : operation.inNamespace(ref.namespace());
  }

  /** The type of an object: built in, or a custom resource whose definition is in the backup or the cluster. */
  @SuppressWarnings("unchecked")
  private ResourceKind kind(ObjectRef ref) {
    var builtIn = ResourceKinds.builtIn(ref.apiVersion(), ref.kind());
    if (builtIn.isPresent()) {
      return builtIn.get();
    }
    String group = ResourceKinds.group(ref.apiVersion());
    List<Map<String, Object>> definitions = new ArrayList<>(backupDefinitions);
    if (definitions.stream().noneMatch(d -> defines(d, group, ref.kind()))) {
      ResourceKind crd = ResourceKinds.BUILT_IN.get(0);
      definitions.addAll(ApiFailures.call(connection, "list customresourcedefinitions",
          () -> client.genericKubernetesResources(ClusterExport.context(crd)).list().getItems().stream()
              .map(r -> (Map<String, Object>) client.getKubernetesSerialization().convertValue(r, Map.class))
              .toList()));
    }
    Map<String, Object> definition = definitions.stream().filter(d -> defines(d, group, ref.kind())).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(ref + " (" + ref.apiVersion() + ") cannot be"
            + " restored: " + connection.describe() + " has no CustomResourceDefinition for it; install it first"
            + " (e.g. its operator's chart), or back up with clusterResources: true", FailureTypes.BAD_REQUEST));
    Map<String, Object> names = (Map<String, Object>) ((Map<String, Object>) definition.get("spec")).get("names");
    return new ResourceKind(ref.kind(), ref.apiVersion(), (String) names.get("plural"), ref.namespace() != null);
  }

  @SuppressWarnings("unchecked")
  private static boolean defines(Map<String, Object> definition, String group, String kind) {
    Map<String, Object> spec = (Map<String, Object>) definition.get("spec");
    return spec != null && group.equals(spec.get("group")) && spec.get("names") instanceof Map<?, ?> names
        && kind.equals(names.get("kind"));
  }

  /** The journal of a commit: a YAML stream of {created|replaced, ref, before}, appended and synced entry by entry. */
  static final class Journal {
    record Entry(ObjectRef ref, Map<String, Object> before) {}

    private final Path file;
    private final Set<ObjectRef> recorded = new HashSet<>();

    private Journal(Path file) {
      this.file = file;
    }

    /** Opens a journal, creating it empty first: a rollback then tells "nothing applied" from "journal lost". */
    static Journal open(Path file) {
      create(file);
      Journal journal = new Journal(file);
      read(file).forEach(e -> journal.recorded.add(e.ref()));
      return journal;
    }

    private static void create(Path file) {
      try {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(rolledBack(file));
        if (!Files.exists(file)) { // it holds replaced Secrets: the worker's user alone reads it
          Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the restore journal " + file + ": " + e.getMessage(), e);
      }
    }

    boolean recorded(ObjectRef ref) {
      return recorded.contains(ref);
    }

    void record(ObjectRef ref, Map<String, Object> before) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("action", before == null ? "created" : "replaced");
      entry.put("apiVersion", ref.apiVersion());
      entry.put("kind", ref.kind());
      entry.put("namespace", ref.namespace());
      entry.put("name", ref.name());
      entry.put("before", before);
      DumperOptions options = new DumperOptions();
      options.setExplicitStart(true);
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      try {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND); Writer writer = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
          new Yaml(options).dump(entry, writer);
          writer.flush();
          channel.force(true);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the restore journal " + file + ": " + e.getMessage(), e);
      }
      recorded.add(ref);
    }

    @SuppressWarnings("unchecked")
    static List<Entry> read(Path file) {
      if (!Files.exists(file)) {
        return List.of();
      }
      List<Entry> entries = new ArrayList<>();
      try (InputStream in = Files.newInputStream(file)) {
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions()))
            .loadAll(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          if (document instanceof Map<?, ?> m) {
            entries.add(new Entry(new ObjectRef((String) m.get("apiVersion"), (String) m.get("kind"),
                (String) m.get("namespace"), (String) m.get("name")), (Map<String, Object>) m.get("before")));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the restore journal " + file + ": " + e.getMessage(), e);
      }
      return entries;
    }
  }
}
