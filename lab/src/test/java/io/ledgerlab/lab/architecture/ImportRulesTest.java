package io.ledgerlab.lab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        .resideInAnyPackage(NEUTRAL)
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
