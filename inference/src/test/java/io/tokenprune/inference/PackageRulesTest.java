package io.tokenprune.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime imports no Kafka, Avro, JavaCV or HTTP; the pure-math packages not even DJL. */
class PackageRulesTest {
  private static final String[] RUNTIME = {
    "..inference.safetensors..",
    "..inference.model..",
    "..inference.llama..",
    "..inference.sampling..",
    "..inference.merge..",
    "..inference.generate..",
    "..inference.hooks..",
    "..inference.text..",
    "..inference.runtime..",
    "..inference.inspect..",
    "..inference.checkpoint..",
    "..inference.bench.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tokenprune.inference");
  }

  @Test
  void theRuntimeImportsNoKafkaAvroJavaCvOrHttp() {
    noClasses()
        .that()
        .resideInAnyPackage(RUNTIME)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "org.apache.avro..",
            "org.bytedeco..",
            "java.net.http..",
            "io.javalin..",
            "org.eclipse.jetty..",
            "okhttp3..")
        .check(classes);
  }

  @Test
  void pureMathPackagesUseOnlyTheJdk() {
    noClasses()
        .that()
        .resideInAnyPackage("..inference.sampling..", "..inference.merge..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", "..inference.sampling..", "..inference.merge..")
        .check(classes);
  }
}
