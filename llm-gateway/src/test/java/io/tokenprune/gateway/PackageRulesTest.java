package io.tokenprune.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's layering: module boundaries from DESIGN.md, and HTTP kept in one package. */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tokenprune.gateway");
  }

  @Test
  void theGatewayDependsOnNeitherTheReducerNorDeploy() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tokenprune.reducer..", "io.tokenprune.deploy..", "io.tokenprune.ingest..")
        .check(classes);
  }

  @Test
  void onlyTheHttpPackageKnowsTheServer() {
    noClasses()
        .that()
        .resideOutsideOfPackages("..gateway.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
        .check(classes);
  }

  @Test
  void theWireFormatAndTheMemoryKnowNoKafka() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..gateway.api..", "..gateway.video..", "..gateway.metrics..", "..gateway.backend..")
        .and()
        .doNotHaveSimpleName("SegmentFeed")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .check(classes);
  }
}
