package io.tokenprune.reducer.holitom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.tokenprune.reducer.holitom.archfixture.LeaksKafka;
import org.junit.jupiter.api.Test;

/**
 * The pure algorithm packages (holitom, quality, gemfilter) must not depend on Kafka, Avro,
 * JavaCV/JavaCPP, HTTP servers or clients, or the wire schemas: they are functions on float[].
 */
class PureAlgorithmsArchitectureTest {
  static final ArchRule PURE =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.tokenprune.reducer.holitom..",
              "io.tokenprune.reducer.quality..",
              "io.tokenprune.reducer.gemfilter..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "org.apache.avro..",
              "org.bytedeco..",
              "io.javalin..",
              "java.net.http..",
              "jakarta.servlet..",
              "io.tokenprune.schemas..")
          .allowEmptyShould(true);

  @Test
  void pureAlgorithmPackagesImportNoInfrastructure() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(
                "io.tokenprune.reducer.holitom",
                "io.tokenprune.reducer.quality",
                "io.tokenprune.reducer.gemfilter");
    assertThat(main.contain(HoliTom.class)).as("main classes were imported").isTrue();
    PURE.check(main);
  }

  @Test
  void theRuleCatchesAViolation() {
    JavaClasses fixture = new ClassFileImporter().importClasses(LeaksKafka.class);
    assertThat(PURE.evaluate(fixture).hasViolation()).isTrue();
  }
}
