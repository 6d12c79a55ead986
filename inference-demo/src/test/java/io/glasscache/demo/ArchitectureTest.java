package io.glasscache.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import io.glasscache.cache.TieredCache;

/**
 * cache-core's boundary, checked on the classes that use it: the demo's and those of the consumer application
 * that cache-core's build compiles against its installed jar ({@code cache-core/src/it/spring-boot-consumer}). A rule
 * over cache-core alone would pass vacuously, so each import is checked to have found its classes.
 */
class ArchitectureTest {

    /** cache-core's packages that are not API: other modules must not touch them. */
    private static final String[] INTERNAL = {
        "io.glasscache.cache.l1..", "io.glasscache.cache.l2..", "io.glasscache.cache.source..",
        "io.glasscache.cache.freshness..", "io.glasscache.cache.store..", "io.glasscache.cache.snapshot.."};

    private static final Path CONSUMER = Path.of("../cache-core/target/it/spring-boot-consumer/target");

    private static JavaClasses core;
    private static JavaClasses users;

    @BeforeAll
    static void importClasses() {
        core = new ClassFileImporter().importLocations(java.util.Set.of(
                Location.of(TieredCache.class.getProtectionDomain().getCodeSource().getLocation())));
        assertThat(Files.isDirectory(CONSUMER.resolve("classes")))
                .as("the consumer application's classes (cache-core's `verify` builds them): %s",
                        CONSUMER.toAbsolutePath()).isTrue();
        users = new ClassFileImporter().importLocations(java.util.Set.of(
                Location.of(InferenceDemoApplication.class.getProtectionDomain().getCodeSource().getLocation()),
                Location.of(CONSUMER.resolve("classes")), Location.of(CONSUMER.resolve("test-classes"))));
        assertThat(core.stream().filter(c -> c.getPackageName().startsWith("io.glasscache.cache")).count())
                .as("cache-core classes imported").isGreaterThan(50);
        assertThat(users.stream().filter(c -> c.getPackageName().startsWith("io.glasscache.demo")).count())
                .as("demo classes imported").isGreaterThan(20);
        assertThat(users.stream().filter(c -> c.getPackageName().startsWith("io.glasscache.consumer")).count())
                .as("consumer classes imported").isPositive();
    }

    @Test
    void otherModulesUseOnlyTheApiPackages() {
        noClasses().that().resideOutsideOfPackage("io.glasscache.cache..")
                .should().dependOnClassesThat().resideInAnyPackage(INTERNAL)
                .because("l1, l2, source, freshness, store and snapshot are cache-core's internals")
                .check(users);
    }

    @Test
    void onlyAutoconfigureImportsSpring() {
        noClasses().that().resideInAPackage("io.glasscache.cache..")
                .and().resideOutsideOfPackage("io.glasscache.cache.autoconfigure..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("the core is free of Spring, as Resilience4j's is").check(core);
    }

    @Test
    void micrometerIsTheOnlyMicrometerBinding() {
        noClasses().that().resideInAPackage("io.glasscache.cache..")
                .and().resideOutsideOfPackages("io.glasscache.cache.micrometer..", "io.glasscache.cache.autoconfigure..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..",
                        "io.github.resilience4j.micrometer..")
                .because("caches report through the stats interfaces; the Spring glue only hands over the registry")
                .check(core);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                return pkg.startsWith("io.glasscache.cache") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "cache-core's packages";
            }
        }).should().beFreeOfCycles().check(core);
    }

    @Test
    void theApiLeavesDependOnNoOtherGlassCachePackage() {
        noClasses().that().resideInAnyPackage("io.glasscache.cache.stats..", "io.glasscache.cache.codec..")
                .should().dependOnClassesThat().resideInAnyPackage("io.glasscache.cache",
                        "io.glasscache.cache.l1..", "io.glasscache.cache.l2..", "io.glasscache.cache.source..",
                        "io.glasscache.cache.freshness..", "io.glasscache.cache.store..",
                        "io.glasscache.cache.snapshot..", "io.glasscache.cache.micrometer..",
                        "io.glasscache.cache.autoconfigure..")
                .because("everything else builds on them").check(core);
    }
}
