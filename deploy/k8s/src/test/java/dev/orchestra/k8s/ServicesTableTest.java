package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/local/services.txt is the one table of the services (name, port, schema, gateway variable):
 * ./orchestra passes its values to the services and the gateway, and each service's own defaults and
 * the gateway template must agree with it, so that a service started any other way still fits.
 */
class ServicesTableTest {

    @Test
    void eachServicesOwnDefaultsAreItsLineOfTheTable() {
        assertThat(Repo.servicesTable()).extracting(Repo.LocalService::name).containsExactlyInAnyOrder(
                "auth-service", "project-service", "sync-service", "billing-service", "notification-service", "engine-gateway");
        for (Repo.LocalService service : Repo.servicesTable()) {
            ServiceConfig config = ServiceConfig.ofFiles(service.name());
            assertThat(config.value("quarkus.http.port")).as(service.name()).contains(String.valueOf(service.port()));
            assertThat(config.value("orchestra.schema")).as(service.name()).contains(service.schema());
        }
    }

    @Test
    void theGatewayTemplateHasAnAddressVariableForEachServiceAndNoOther() {
        Set<String> inTemplate = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z]+_ADDR)}").matcher(Repo.read(Repo.GATEWAY_TEMPLATE));
        while (variable.find()) {
            inTemplate.add(variable.group(1));
        }
        assertThat(inTemplate).containsExactlyInAnyOrderElementsOf(
                Repo.servicesTable().stream().map(Repo.LocalService::gatewayVariable).toList());
    }

    @Test
    void portsAndSchemasAreEachTakenOnce() {
        assertThat(Repo.servicesTable()).extracting(Repo.LocalService::port).doesNotHaveDuplicates()
                .doesNotContain(8080, 9092, 3025, 9190, 12111);
        assertThat(Repo.servicesTable()).extracting(Repo.LocalService::schema).doesNotHaveDuplicates();
    }
}
