package io.lifeboat.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.lifeboat.config.secrets.SecretSubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.lifeboat.api.auth.AccessControl;
import io.lifeboat.api.auth.ApiTokens;
import io.lifeboat.api.codec.CodecAccess;
import io.lifeboat.api.codec.CodecResource;
import io.lifeboat.api.dashboard.DashboardPage;
import io.lifeboat.api.dashboard.DashboardResource;
import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.OpenAccess;
import io.lifeboat.api.auth.RefusalAudit;
import io.lifeboat.api.errors.AlreadyRunningMapper;
import io.lifeboat.api.errors.ApiProblemMapper;
import io.lifeboat.api.errors.MalformedJsonMapper;
import io.lifeboat.api.errors.NulCharacterFilter;
import io.lifeboat.api.errors.TemporalUnavailableMapper;
import io.lifeboat.api.errors.UnreadableBodyMapper;
import io.lifeboat.api.health.CatalogHealthCheck;
import io.lifeboat.api.health.TemporalHealthCheck;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.metrics.BackupAgeGauges;
import io.lifeboat.api.metrics.StateGauges;
import io.lifeboat.api.metrics.RejectionCounter;
import io.lifeboat.api.resources.BackupsResource;
import io.lifeboat.api.resources.CopiesResource;
import io.lifeboat.api.resources.DrillReportBucket;
import io.lifeboat.api.resources.DrillsResource;
import io.lifeboat.api.resources.KnownTargets;
import io.lifeboat.api.resources.LegalHoldResource;
import io.lifeboat.api.resources.MetricsResource;
import io.lifeboat.api.resources.NotificationsResource;
import io.lifeboat.api.resources.OpenApiResource;
import io.lifeboat.api.resources.RecoveriesResource;
import io.lifeboat.api.resources.RestoresResource;
import io.lifeboat.api.resources.RetentionResource;
import io.lifeboat.api.resources.RunsResource;
import io.lifeboat.api.resources.TargetsResource;
import io.lifeboat.api.runbooks.AlertmanagerResource;
import io.lifeboat.api.runbooks.AuditResource;
import io.lifeboat.api.runbooks.RunbookApprovals;
import io.lifeboat.api.runbooks.RunReportResource;
import io.lifeboat.api.runbooks.RunbookRuns;
import io.lifeboat.api.runbooks.RunbooksResource;
import io.lifeboat.api.temporal.RunInspector;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.api.temporal.WorkflowStarter;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.workflows.runbook.PasswordVariables;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The Lifeboat REST API: a Temporal client that starts and inspects runs, and a reader of the
 * catalog. It never runs workflow code; the worker does, and can live in this same process by
 * adding itself through {@code extras}.
 */
public class LifeboatApplication extends Application<LifeboatConfiguration> {
  private final BiConsumer<LifeboatConfiguration, Environment> extras;
  private final DrillReportBucket reportBucket;
  private final ApiMetrics metrics;

  public LifeboatApplication() {
    this((configuration, environment) -> {});
  }

  public LifeboatApplication(BiConsumer<LifeboatConfiguration, Environment> extras) {
    this(new DrillReportBucket(), extras);
  }

  /**
   * {@code extras} runs at the end of {@link #run}, after the API's own parts are registered:
   * the worker adds itself as a {@code Managed} (Dropwizard stops managed objects in reverse
   * order, so the worker stops before the API's catalog pool and Temporal connection close) and
   * a {@link io.lifeboat.api.health.StorageHealthCheck} under its {@code NAME}, and lets {@code
   * reportBucket} read the bucket.
   */
  public LifeboatApplication(DrillReportBucket reportBucket, BiConsumer<LifeboatConfiguration, Environment> extras) {
    this(reportBucket, new ApiMetrics(), extras);
  }

  /** As above, with the registry /metrics serves: a worker in this process counts its outcomes in it too. */
  public LifeboatApplication(DrillReportBucket reportBucket, ApiMetrics metrics,
      BiConsumer<LifeboatConfiguration, Environment> extras) {
    this.extras = extras;
    this.reportBucket = reportBucket;
    this.metrics = metrics;
  }

  public static void main(String[] args) throws Exception {
    new LifeboatApplication().run(args);
  }

  @Override
  public String getName() {
    return "lifeboat";
  }

  @Override
  public void initialize(Bootstrap<LifeboatConfiguration> bootstrap) {
    // ${VAR} and ${VAR:-default} from the environment (an unset VAR without default fails start-up),
    // ${vault:...}-style secret references from the secret stores: the same as the CLI's loader.
    bootstrap.setConfigurationSourceProvider(new SecretSubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), System.getenv()));
    // Times and durations as ISO-8601 text: readable in curl output and unambiguous in any client.
    // A misspelled request field is refused: silently ignoring "incidentAt" or "replace" would
    // run a different restore than the operator asked for.
    bootstrap.getObjectMapper()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // A count is a whole number: 1.5 or true is refused, not read as 1.
    bootstrap.getObjectMapper().coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    // A yes/no is true or false: 0 or 1 is refused, not guessed.
    bootstrap.getObjectMapper().coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }

  @Override
  public void run(LifeboatConfiguration configuration, Environment environment) {
    OpenAccess.requireTokensOrLoopback(configuration);
    ManagedDataSource catalogDatabase = configuration.getCatalog().build(environment.metrics(), "catalog");
    environment.lifecycle().manage(catalogDatabase);
    Catalog.migrate(catalogDatabase);
    Catalog catalog = new Catalog(catalogDatabase);
    catalog.syncTargets(configuration.getTargets());

    TemporalConnection temporal = TemporalConnection.open(configuration.getTemporal(), metrics.registry());
    environment.lifecycle().manage(temporal);

    Clock clock = Clock.systemUTC();
    KnownTargets targets = new KnownTargets(configuration.getTargets());
    TargetStatuses statuses =
        new TargetStatuses(configuration.getTargets(), configuration.getStorage().getCopies(),
            configuration.getDrills(), catalog, clock);
    AuditTrail audit = new AuditTrail(catalog, clock);
    WorkflowStarter starter = new WorkflowStarter(temporal.client(), temporal.taskQueue(), metrics, audit);

    environment.jersey().register(new TargetsResource(targets, statuses, starter));
    environment.jersey().register(new RetentionResource(targets, starter));
    environment.jersey().register(new BackupsResource(catalog, starter));
    environment.jersey().register(new RestoresResource(targets, configuration.getDestinations(), catalog, clock, starter,
        new DecisionSignals(temporal.client()), audit));
    environment.jersey().register(new RecoveriesResource(targets, starter));
    environment.jersey().register(new CopiesResource(targets, configuration.getStorage().getCopies(), starter));
    environment.jersey().register(new RunsResource(catalog, new RunInspector(temporal.client())));
    environment.jersey().register(new OpenApiResource());
    environment.jersey().register(new NotificationsResource(catalog, clock));
    registerRunbooks(configuration, environment, temporal, catalog, clock, audit, metrics, starter);
    environment.jersey().register(new DrillsResource(RunbookLibrary.withFolder(configuration.getRunbooks().getFolder()),
        targets, catalog, reportBucket, starter, clock));
    environment.jersey().register(new MetricsResource(metrics,
        new BackupAgeGauges(statuses, configuration.getTargets().keySet(), configuration.getStorage().getCopies(),
            metrics),
        new StateGauges(catalog, configuration.getTargets(), configuration.getStorage().getCopies(),
            configuration.getDrills(), RunbookLibrary.withFolder(configuration.getRunbooks().getFolder()).names(),
            new RunbookApprovals(catalog, new RunbookRuns(temporal.client(), temporal.taskQueue(), metrics),
                new RunInspector(temporal.client())), clock,
            metrics)));

    environment.jersey().register(new ApiProblemMapper());
    environment.jersey().register(new AlreadyRunningMapper());
    environment.jersey().register(new UnreadableBodyMapper());
    environment.jersey().register(new MalformedJsonMapper());
    environment.jersey().register(new NulCharacterFilter());
    environment.jersey().register(new TemporalUnavailableMapper(configuration.getTemporal().getTarget()));
    environment.jersey().register(new RejectionCounter(metrics));

    environment.healthChecks().register(TemporalHealthCheck.NAME,
        new TemporalHealthCheck(temporal.stubs(), configuration.getTemporal().getTarget(), temporal.namespace()));
    environment.healthChecks().register(CatalogHealthCheck.NAME, new CatalogHealthCheck(catalogDatabase));

    extras.accept(configuration, environment);
  }

  /**
   * Runbooks, their runs, signals, reports, the Alertmanager receiver, legal holds (audited with
   * them), who may do what, the web UI's codec endpoint, and the dashboard (whose login depends on the tokens).
   */
  private static void registerRunbooks(LifeboatConfiguration configuration, Environment environment,
      TemporalConnection temporal, Catalog catalog, Clock clock, AuditTrail audit, ApiMetrics metrics,
      WorkflowStarter starter) {
    ApiTokens tokens = new ApiTokens(configuration.getAuth());
    environment.jersey().register(new AccessControl(tokens));
    RefusalAudit refusals = new RefusalAudit(audit);
    environment.jersey().register(refusals);
    // a flood's summary is written when its minute is over, not only when the next refusal comes
    environment.lifecycle().scheduledExecutorService("refusal-audit").build()
        .scheduleWithFixedDelay(refusals::flush, 10, 10, TimeUnit.SECONDS);
    environment.jersey().register(new CodecResource(temporal.encryption(), new CodecAccess(
        OpenAccess.loopbackOnly(configuration.getServerFactory()), !tokens.none(), tokens::knows,
        configuration.getTemporal().getWebUiOrigins())));
    RunbookRuns runs = new RunbookRuns(temporal.client(), temporal.taskQueue(), metrics);
    RunbooksResource runbooks = new RunbooksResource(
        RunbookLibrary.withFolder(configuration.getRunbooks().getFolder()), runs, catalog, audit,
        new PasswordVariables(Set.copyOf(configuration.getRunbooks().getPasswordVariables())));
    environment.jersey().register(runbooks);
    environment.jersey().register(new AlertmanagerResource(configuration.getRunbooks().getAlerts(), runbooks, audit));
    environment.jersey().register(new RunReportResource(runs));
    environment.jersey().register(new AuditResource(catalog));
    environment.jersey().register(new LegalHoldResource(catalog, audit, starter,
        configuration.getStorage().getObjectLock() != null, clock));
    environment.jersey().register(new DashboardPage());
    environment.jersey().register(new DashboardResource(!tokens.none(), configuration.getTemporal()));
  }
}
