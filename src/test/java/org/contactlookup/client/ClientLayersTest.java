package org.contactlookup.client;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client's packages form layers, each depending only on the layers below it, so that a
 * reader can start at the top and each layer can be understood without the ones above:
 *
 * <pre>
 * client              ContactLookup, InfusionsoftClient: the API, and where a client is put together
 * client.protocol.*   ContactApi, over XML-RPC and REST v2: requests, answers, paging
 * client.oauth        all of OAuth2: tokens, their stores, the endpoint, the refreshing source
 * client.chain        how one call is made: permit, deadline, retry, credentials; lookups coalesced
 * client.budget       rate limits, in memory or in Redis
 * client.transport    the HTTP engine: sends one exchange; what went wrong on the way
 * client.redis        the Redis connection and its scripts, for budgets and tokens alike
 * client.config       the connection and its settings, read from the connection file
 * client.errors       the exceptions, and what a log line may say
 * </pre>
 */
class ClientLayersTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.contactlookup");

    @Test
    void theClientsPackagesAreFreeOfCycles() {
        slices().matching("org.contactlookup.client.(**)").should().beFreeOfCycles().check(MAIN);
        slices().matching("org.contactlookup.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerDependsOnlyOnTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Api").definedBy("org.contactlookup.client")
                .layer("Protocols").definedBy("org.contactlookup.client.protocol..")
                .layer("OAuth").definedBy("org.contactlookup.client.oauth..")
                .layer("Chain").definedBy("org.contactlookup.client.chain..")
                .layer("Budget").definedBy("org.contactlookup.client.budget..")
                .layer("Transport").definedBy("org.contactlookup.client.transport..")
                .layer("Redis").definedBy("org.contactlookup.client.redis..")
                .layer("Config").definedBy("org.contactlookup.client.config..")
                .layer("Errors").definedBy("org.contactlookup.client.errors..")
                .whereLayer("Api").mayNotBeAccessedByAnyLayer()
                .whereLayer("Protocols").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("OAuth").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Chain").mayOnlyBeAccessedByLayers("Api", "Protocols", "OAuth")
                .whereLayer("Budget").mayOnlyBeAccessedByLayers("Api", "OAuth", "Chain")
                .whereLayer("Transport").mayOnlyBeAccessedByLayers("Api", "Protocols", "OAuth", "Chain")
                .whereLayer("Redis").mayOnlyBeAccessedByLayers("OAuth", "Budget")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Api", "Protocols", "OAuth", "Chain", "Budget", "Transport", "Redis")
                .check(MAIN);
    }

    @Test
    void theErrorsDependOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("org.contactlookup.client.errors..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.contactlookup.client.errors..", "java..")
                .check(MAIN);
    }

    @Test
    void theWebLayerUsesTheClientsApiNotItsMachinery() {
        noClasses().that().resideInAPackage("org.contactlookup.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.contactlookup.client.chain..",
                        "org.contactlookup.client.transport..", "org.contactlookup.client.protocol..", "org.contactlookup.client.redis..")
                .check(MAIN);
    }

    @Test
    void theClientNeverImportsTheWebLayerOrTheSandbox() {
        noClasses().that().resideInAPackage("org.contactlookup.client..")
                .should().dependOnClassesThat().resideInAnyPackage("org.contactlookup.web..", "org.contactlookup.sandbox..",
                        "org.contactlookup.launcher..")
                .check(MAIN);
    }
}
