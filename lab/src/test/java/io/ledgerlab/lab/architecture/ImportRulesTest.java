package io.ledgerlab.lab.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ledgerlab.lab.process.NodeProcess;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The import rules of DESIGN.md, so they cannot rot: the pipeline knows engines and targets only
 * through their interfaces, and checks, workloads, faults and reports never see an engine's
 * implementation or the reference chain's own types.
 */
class ImportRulesTest {
  private static final JavaClasses LAB =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ledgerlab.lab");

  /** The packages that must stay neutral of engines and chains. */
  private static final String[] NEUTRAL = {
    "io.ledgerlab.lab.run..",
    "io.ledgerlab.lab.check..",
    "io.ledgerlab.lab.load..",
    "io.ledgerlab.lab.nemesis..",
    "io.ledgerlab.lab.report..",
    "io.ledgerlab.lab.history..",
    "io.ledgerlab.lab.governance..",
    "io.ledgerlab.lab.engine",
    "io.ledgerlab.lab.target"
  };

  /**
   * The run's Prometheus and the live dashboard: neutral of engines and of the chain's types too,
   * with two documented exceptions below — {@code monitor} runs Prometheus with the process-group
   * helper {@link NodeProcess} that runs a node, and {@code live} polls the nodes' RPC through the
   * reference chain's client.
   */
  private static final String MONITOR = "io.ledgerlab.lab.monitor..";

  private static final String LIVE = "io.ledgerlab.lab.live..";

  @Test
  void thePipelineAndItsRolesImportNoEngineImplementation() {
    noClasses()
        .that()
        .resideInAnyPackage(NEUTRAL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ledgerlab.lab.sim..", "io.ledgerlab.lab.process..")
        .because("engines are found through the EngineProvider SPI, never imported")
        .check(LAB);
  }

  @Test
  void monitoringAndTheDashboardImportNoEngineButTheProcessHelper() {
    // NodeProcess starts a program in its own process group and stops the whole group (SIGTERM,
    // then SIGKILL): what a Prometheus of the run's needs as much as a node. It is no engine.
    noClasses()
        .that()
        .resideInAnyPackage(MONITOR, LIVE)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("io.ledgerlab.lab.sim..", "io.ledgerlab.lab.process..")
                .and(not(equivalentTo(NodeProcess.class)))
                .and(not(equivalentTo(NodeProcess.State.class))))
        .because(
            "engines are found through the EngineProvider SPI; only the process helper is shared")
        .check(LAB);
  }

  @Test
  void monitoringImportsNoTargetImplementation() {
    // The dashboard (live) is the exception: it polls node_status and observer_status through
    // the reference chain's RPC client (docs/dashboard.md).
    noClasses()
        .that()
        .resideInAPackage(MONITOR)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ledgerlab.lab.target.reference..", "io.ledgerlab.lab.client..")
        .because("Prometheus scrapes the nodes over HTTP; it needs no client of a chain")
        .check(LAB);
  }

  @Test
  void thePipelineAndItsRolesImportNoTargetImplementation() {
    noClasses()
        .that()
        .resideInAnyPackage(NEUTRAL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ledgerlab.lab.target.reference..", "io.ledgerlab.lab.client..")
        .because("targets are found through the Target SPI, never imported")
        .check(LAB);
  }

  @Test
  void checksWorkloadsFaultsAndReportsNeverSeeTheReferenceChainsTypes() {
    noClasses()
        .that()
        .resideInAnyPackage(
            Stream.concat(Stream.of(NEUTRAL), Stream.of(MONITOR, LIVE)).toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ledgerlab.ledger.block..",
            "io.ledgerlab.ledger.tx..",
            "io.ledgerlab.ledger.chain..",
            "io.ledgerlab.ledger.consensus..",
            "io.ledgerlab.ledger.crypto..",
            "io.ledgerlab.ledger.chaincode..",
            "io.ledgerlab.ledger.state..",
            "io.ledgerlab.node..")
        .because("blocks, certificates and payloads stay behind the reference target")
        .check(LAB);
  }
}
