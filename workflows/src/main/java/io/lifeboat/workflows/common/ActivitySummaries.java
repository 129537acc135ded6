package io.lifeboat.workflows.common;

import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.activity.ActivityOptions;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import java.lang.reflect.RecordComponent;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives every activity a summary an operator can read in the Temporal web UI
 * ({@code restore 20261204T0943Z-dd3b68 beside shop into shop_copy}), written from the
 * activity's name and the names and ids among its arguments. Only values that look like names or
 * ids are shown (no spaces, short), so a command line, a URL with credentials or a runbook's text
 * never reaches a summary. Deterministic: a pure function of the call.
 */
public final class ActivitySummaries extends WorkerInterceptorBase {
  /** Phrasings of the steps an operator watches most; {n} is the n-th argument. */
  private static final Map<String, String> PHRASES = Map.ofEntries(
      Map.entry("Backup", "back up {0}"),
      Map.entry("Resolve", "identify backup {1} of {0}"),
      Map.entry("CheckIntegrity", "checksum every object of {0}"),
      Map.entry("Inspect", "inspect {0}"),
      Map.entry("RestoreStaged", "restore {0} beside {1}"),
      Map.entry("Compare", "compare {2} with backup {0}"),
      Map.entry("Commit", "swap {2} in as {1}"),
      Map.entry("Rollback", "put {0} back as it was"),
      Map.entry("DiscardStaged", "discard what was staged beside {0}"),
      Map.entry("DropReplaced", "drop what the restore replaced at {0}"),
      Map.entry("RefuseOverlappingRuns", "check that no other run changes {0}"),
      Map.entry("TestRestore", "test restore {0} into scratch and compare"),
      Map.entry("RecordRun", "record the run in the catalog"),
      Map.entry("RecordBackup", "index the backup in the catalog"),
      Map.entry("ConfiguredHooks", "look up the backup hooks of {0}"),
      Map.entry("RunHook", "run the {1} hook of {0}"));
  /** Record components shown in a generic summary, in this order. */
  private static final List<String> SHOWN_COMPONENTS =
      List.of("target", "backupId", "database", "schema", "kind", "location", "name");
  private static final Set<String> PLAIN = Set.of("String");
  private static final Pattern NAME_OR_ID = Pattern.compile("[\\p{L}\\p{N}_./:\\[\\]-]{1,100}");

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
          @Override
          public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            ActivityOptions options = input.getOptions();
            if (options.getSummary() == null) {
              options = ActivityOptions.newBuilder(options)
                  .setSummary(summary(input.getActivityName(), input.getArgs())).build();
            }
            return super.executeActivity(new ActivityInput<>(input.getActivityName(), input.getResultClass(),
                input.getResultType(), input.getArgs(), options, input.getHeader()));
          }
        });
      }
    };
  }

  /** What the web UI shows for one call of activity {@code type} with {@code args}. */
  public static String summary(String type, Object[] arguments) {
    Object[] args = arguments == null ? new Object[0] : arguments; // a method without parameters
    Object[] shown = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      shown[i] = shown(args[i]);
    }
    // Activity types are the method's name, capitalised, unless an interface names them itself.
    String phrase = PHRASES.get(Character.toUpperCase(type.charAt(0)) + type.substring(1));
    if (phrase != null) {
      return new MessageFormat(phrase, Locale.ROOT).format(shown);
    }
    List<String> names = new ArrayList<>();
    for (Object arg : args) {
      if (arg instanceof String s && NAME_OR_ID.matcher(s).matches()) {
        names.add(s);
      } else if (arg != null && arg.getClass().isRecord()) {
        names.addAll(components(arg));
      }
    }
    String words = type.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return names.isEmpty() ? words : words + ": " + String.join(", ", names);
  }

  /** A name or id as it is; the source contract's records by the names in them; anything else "…". */
  private static String shown(Object arg) {
    if (arg instanceof String s) {
      return NAME_OR_ID.matcher(s).matches() ? s : "…";
    }
    if (arg instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (arg instanceof TargetRef ref) {
      return ref.schema() == null ? shown(ref.target()) : "schema " + shown(ref.schema()) + " of " + shown(ref.target());
    }
    if (arg instanceof Destination d) {
      return shown(d.source()) + (d.place() == null ? "" : " at " + shown(d.place()))
          + (d.server() == null ? "" : " on " + shown(d.server()));
    }
    if (arg instanceof SourceBackupRequest request) {
      return shown(request.source());
    }
    if (arg instanceof Staged staged) {
      return shown(staged.where());
    }
    return arg instanceof Committed committed ? shown(committed.keptAs()) : "…";
  }

  private static List<String> components(Object record) {
    List<String> values = new ArrayList<>();
    for (String wanted : SHOWN_COMPONENTS) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        if (c.getName().equals(wanted) && PLAIN.contains(c.getType().getSimpleName())) {
          try {
            Object value = c.getAccessor().invoke(record);
            if (value instanceof String s && NAME_OR_ID.matcher(s).matches()) {
              values.add(s);
            }
          } catch (ReflectiveOperationException e) {
            // a record's public accessor; nothing to show if it cannot be read
          }
        }
      }
    }
    return values;
  }
}
