package dev.orchestra.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway pod runs the local stack's template, unprivileged, with every variable set and every file it reads mounted. */
class GatewayTest {

    static final List<ObjectNode> GATEWAY = Rendered.of("gateway");

    static JsonNode deployment() {
        return Rendered.one(GATEWAY, "Deployment", "gateway");
    }

    static JsonNode container() {
        return Pods.spec(deployment()).path("containers").get(0);
    }

    @Test
    void runsTheUnprivilegedNginxImage() throws Exception {
        // The gateway's own image: the unprivileged nginx image plus the API document and page.
        assertThat(container().path("image").asText()).startsWith("orchestra/gateway:");
        String dockerfile = java.nio.file.Files.readString(Repo.ROOT.resolve("deploy/gateway/Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM nginxinc/nginx-unprivileged:[0-9.]+-alpine$");
        String publicDir = Rendered.one(GATEWAY, "ConfigMap", "gateway").at("/data/PUBLIC_API_DIR").asText();
        assertThat(dockerfile).contains("COPY deploy/openapi/target/public/ " + publicDir + "/");
        assertThat(Pods.spec(deployment()).at("/securityContext/runAsUser").asInt()).as("the image's nginx user").isEqualTo(101);
        assertThat(container().at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        for (String path : List.of("/tmp", "/var/cache/nginx", "/etc/nginx/conf.d")) {
            JsonNode volume = Pods.volumeAt(deployment(), container(), path);
            assertThat(volume).as(path).isNotNull();
            assertThat(volume.has("emptyDir")).as("%s is an emptyDir", path).isTrue();
        }
        assertThat(Pods.spec(deployment()).path("enableServiceLinks").asBoolean(true)).as("no service-link variables for envsubst").isFalse();
    }

    /** The same template file, mounted where the image renders templates from. */
    @Test
    void mountsTheTemplate() {
        JsonNode volume = Pods.volumeAt(deployment(), container(), "/etc/nginx/templates/orchestra.conf.template");
        assertThat(volume.at("/configMap/name").asText()).isEqualTo("gateway-template");
        JsonNode configMap = Rendered.one(GATEWAY, "ConfigMap", "gateway-template");
        assertThat(configMap.path("data").path("orchestra.conf.template").asText()).isEqualTo(Repo.read(Repo.GATEWAY_TEMPLATE));
        String nginxConf = Rendered.one(GATEWAY, "ConfigMap", "gateway-nginx").at("/data/nginx.conf").asText();
        assertThat(nginxConf).contains("include /etc/nginx/conf.d/*.conf;", "pid /tmp/nginx.pid;");
        assertThat(Pods.volumeAt(deployment(), container(), "/etc/nginx/nginx.conf").at("/configMap/name").asText()).isEqualTo("gateway-nginx");
        Matcher temp = Pattern.compile("(\\w+_temp_path) (\\S+);").matcher(nginxConf);
        while (temp.find()) {
            assertThat(temp.group(2)).as(temp.group(1)).startsWith("/tmp/");
        }
    }

    /** Every ${VARIABLE} of the template is set, passes the entrypoint's filter, and each service address is its Service. */
    @Test
    void setsEveryTemplateVariable() {
        Map<String, String> env = Pods.strings(Rendered.one(GATEWAY, "ConfigMap", "gateway").path("data"));
        Set<String> variables = new TreeSet<>();
        // Comment lines mention ${VARIABLES} as prose; the image's envsubst leaves unset names alone.
        String directives = Repo.read(Repo.GATEWAY_TEMPLATE).lines().filter(l -> !l.strip().startsWith("#"))
                .reduce("", (a, b) -> a + b + "\n");
        Matcher m = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)\\}").matcher(directives);
        while (m.find()) {
            variables.add(m.group(1));
        }
        Pattern filter = Pattern.compile(env.get("NGINX_ENVSUBST_FILTER"));
        assertThat(variables).isNotEmpty().allSatisfy(v -> {
            assertThat(env).as("the gateway's ConfigMap sets %s", v).containsKey(v);
            assertThat(filter.matcher(v).find()).as("envsubst filter passes %s", v).isTrue();
        });
        assertThat(env.get("GATEWAY_LISTEN")).isEqualTo(String.valueOf(container().at("/ports/0/containerPort").asInt()));

        // Each *_ADDR the local stack sets (deploy/local/services.txt: NAME_ADDR=127.0.0.1:PORT) names the service on that port.
        Map<String, String> localAddresses = new TreeMap<>();
        Repo.servicesTable().forEach(service -> localAddresses.put(service.gatewayVariable(), String.valueOf(service.port())));
        assertThat(localAddresses.keySet()).containsAll(variables.stream().filter(v -> v.endsWith("_ADDR")).toList());
        List<ObjectNode> all = Rendered.of(".");
        localAddresses.forEach((variable, port) -> {
            String service = Repo.SERVICES.stream()
                    .filter(s -> ServiceConfig.ofFiles(s).value("quarkus.http.port").orElseThrow().equals(port)).findFirst().orElseThrow();
            JsonNode svc = Rendered.one(all, "Service", service);
            assertThat(env.get(variable)).as(variable).isEqualTo(service + ":" + svc.at("/spec/ports/0/port").asInt());
        });
    }

    /** The probes ask for a path the template answers itself (an exact location returning 200), on the port it listens on. */
    @Test
    void probesHitTheTemplatesHealthLocation() {
        String template = Repo.read(Repo.GATEWAY_TEMPLATE);
        String listen = Rendered.one(GATEWAY, "ConfigMap", "gateway").at("/data/GATEWAY_LISTEN").asText();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = container().at("/" + probe + "/httpGet/path").asText();
            Matcher location = Pattern.compile("(?m)^\\s*location = " + Pattern.quote(path) + " \\{([^}]*)}").matcher(template);
            assertThat(location.find()).as("%s: the template has location = %s", probe, path).isTrue();
            assertThat(location.group(1)).as("%s: location = %s answers 200", probe, path).containsPattern("return 200\\b");
            assertThat(Pods.containerPort(deployment(), container().at("/" + probe + "/httpGet/port")))
                    .as("%s port: where nginx listens (GATEWAY_LISTEN)", probe).isEqualTo(Integer.parseInt(listen));
        }
    }

    /** Files the template reads (include) must be mounted; the trusted-proxy list is. */
    @Test
    void mountsWhatTheTemplateIncludes() {
        JsonNode proxies = Pods.volumeAt(deployment(), container(), "/etc/nginx/orchestra/trusted-proxies.conf");
        assertThat(proxies.at("/configMap/name").asText()).isEqualTo("gateway-trusted-proxies");
        assertThat(Rendered.one(GATEWAY, "ConfigMap", "gateway-trusted-proxies").at("/data/trusted-proxies.conf").isTextual()).isTrue();
        Matcher include = Pattern.compile("(?m)^\\s*include\\s+([^;]+);").matcher(Repo.read(Repo.GATEWAY_TEMPLATE));
        JsonNode variables = Rendered.one(GATEWAY, "ConfigMap", "gateway").at("/data");
        int mounted = 0;
        while (include.find()) {
            String path = include.group(1).trim();
            Matcher variable = Pattern.compile("^\\$\\{(\\w+)}$").matcher(path);
            if (variable.matches()) {
                path = variables.path(variable.group(1)).asText();
                assertThat(path).as("the template includes ${%s}: the gateway ConfigMap sets it", variable.group(1)).isNotEmpty();
            }
            if (path.equals("/etc/nginx/mime.types")) {
                continue; // in the image
            }
            assertThat(Pods.volumeAt(deployment(), container(), path)).as("the template includes %s: mount it", path).isNotNull();
            mounted++;
        }
        assertThat(mounted).as("the template's includes of files the pod provides").isPositive();
    }

    /** Public traffic: the Gateway's listeners and the route to the gateway Service's port. */
    @Test
    void publicTrafficReachesTheGatewayThroughGatewayApi() {
        JsonNode gateway = Rendered.one(GATEWAY, "Gateway", "orchestra");
        Set<String> listeners = new TreeSet<>();
        gateway.at("/spec/listeners").forEach(l -> listeners.add(l.path("name").asText()));
        JsonNode service = Rendered.one(GATEWAY, "Service", "gateway");
        assertThat(Pods.selects(service.at("/spec/selector"), Pods.labels(deployment()))).isTrue();
        assertThat(Pods.containerPort((ObjectNode) deployment(), service.at("/spec/ports/0/targetPort"))).isEqualTo(8080);
        Rendered.kind(GATEWAY, "HTTPRoute").forEach(route -> {
            for (JsonNode parent : route.at("/spec/parentRefs")) {
                assertThat(parent.path("name").asText()).isEqualTo("orchestra");
                assertThat(listeners).contains(parent.path("sectionName").asText());
            }
            for (JsonNode backend : route.findValues("backendRefs")) {
                for (JsonNode ref : backend) {
                    assertThat(ref.path("name").asText()).isEqualTo("gateway");
                    assertThat(ref.path("port").asInt()).isEqualTo(service.at("/spec/ports/0/port").asInt());
                }
            }
        });
        assertThat(gateway.at("/spec/infrastructure/labels/orchestra.dev~1edge").asText())
                .as("the proxies carry the label the network policy lets in").isEqualTo("true");
    }
}
