package io.gfsbackup.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The boundaries the code keeps: services share only {@code contracts} (and {@code clock}), never each other's
 * code; no ring of packages inside a module; REST resources go through a service layer, never to entities or
 * aggregates; {@code contracts} is plain Java.
 */
@AnalyzeClasses(packages = "io.gfsbackup", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {

    @ArchTest
    static final ArchRule servicesDoNotUseEachOthersCode = SlicesRuleDefinition.slices()
            .matching("io.gfsbackup.(policy|scheduler|worker|retention|operations)..")
            .should().notDependOnEachOther()
            .because("services talk only through Kafka messages and REST, sharing only contracts");

    @ArchTest
    static final ArchRule noPackageCycles = SlicesRuleDefinition.slices()
            .matching("io.gfsbackup.(*).(*)..")
            .should().beFreeOfCycles()
            .because("the packages of a module are layers: a ring of packages cannot be read, tested or split alone");

    @ArchTest
    static final ArchRule restDoesNotTouchEntities = noClasses()
            .that().resideInAPackage("io.gfsbackup..rest..")
            .should().dependOnClassesThat().areAnnotatedWith("jakarta.persistence.Entity")
            .because("an entity is not an API shape: REST maps service results to its own records");

    @ArchTest
    static final ArchRule restDoesNotTouchAggregates = noClasses()
            .that().resideInAPackage("io.gfsbackup..rest..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("Aggregate")
            .because("REST sends commands through the command gateway; it never handles an aggregate itself");

    @ArchTest
    static final ArchRule kafkaClientsOnlyThroughTheSharedLoopAndSender = noClasses()
            .that().resideOutsideOfPackage("io.gfsbackup.messaging..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.consumer.KafkaConsumer")
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.kafka.clients.producer.KafkaProducer")
            .because("Kafka is used in one style (decision 0006): SmallRye channels, or the shared ConsumerLoop and "
                    + "KafkaSender with the rules implemented once");

    @ArchTest
    static final ArchRule contractsArePlainJava = noClasses()
            .that().resideInAPackage("io.gfsbackup.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.quarkus..", "jakarta..", "org.apache.kafka..", "org.axonframework..", "io.gfsbackup.deploy..")
            .because("every service and the simulation share contracts: it depends on no framework");
}
