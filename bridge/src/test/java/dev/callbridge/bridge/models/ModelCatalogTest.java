package dev.callbridge.bridge.models;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.callbridge.simulator.fake.FakeOptions;
import dev.callbridge.simulator.fake.FakeRealtimeServer;
import dev.callbridge.simulator.fake.Replies;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /models/{id}} against the Realtime stand-in's catalog, and OpenAI's failure modes from WireMock. */
class ModelCatalogTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void readsTheStandInsCatalog() {
        try (var fake = new FakeRealtimeServer("127.0.0.1", 0, new Replies(List.of(), -45),
                new FakeOptions(1, 100, 0, false, 1), Optional.empty()).start()) {
            fake.models().put("gpt-retiring-soon", "2027-03-01");
            var catalog = new ModelCatalog(http, fake.restUrl(), "sk-test", Duration.ofSeconds(2));
            List<ModelLookup> expected = List.of(new ModelLookup.Found(Optional.empty()),
                    new ModelLookup.Found(Optional.of(LocalDate.of(2027, 3, 1))), new ModelLookup.NotFound());
            List<ModelLookup> actual = List.of(catalog.lookup("gpt-realtime-2.1"), catalog.lookup("gpt-retiring-soon"),
                    catalog.lookup("no-such-model"));
            System.out.println("stand-in: expected " + expected + "\n  actual   " + actual);
            assertEquals(expected, actual);
        }
    }

    @Test
    void anythingButAnAnswerIsUnreachableNeverAnException() {
        var openai = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        openai.start();
        try {
            openai.stubFor(get(urlEqualTo("/v1/models/five-hundred")).willReturn(aResponse().withStatus(500)));
            openai.stubFor(get(urlEqualTo("/v1/models/unauthorised")).willReturn(aResponse().withStatus(401)));
            openai.stubFor(get(urlEqualTo("/v1/models/garbled")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"id\":\"garbled\",\"shutdown_date\":\"soon\"}")));
            openai.stubFor(get(urlEqualTo("/v1/models/absent-date")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"id\":\"absent-date\",\"object\":\"model\",\"created\":1,\"owned_by\":\"openai\"}")));
            openai.stubFor(get(urlEqualTo("/v1/models/slow")).willReturn(aResponse().withStatus(200)
                    .withFixedDelay(3_000).withBody("{}")));
            var catalog = new ModelCatalog(http, URI.create(openai.baseUrl() + "/v1/"), "sk-test", Duration.ofMillis(500));
            for (String id : List.of("five-hundred", "unauthorised", "garbled", "slow")) {
                ModelLookup lookup = catalog.lookup(id);
                System.out.println(id + ": expected Unreachable, actual " + lookup);
                assertInstanceOf(ModelLookup.Unreachable.class, lookup);
            }
            ModelLookup absent = catalog.lookup("absent-date");
            System.out.println("no shutdown_date field: expected Found[shutdownDate=Optional.empty], actual " + absent);
            assertEquals(new ModelLookup.Found(Optional.empty()), absent);
            openai.verify(getRequestedFor(urlEqualTo("/v1/models/absent-date"))
                    .withHeader("Authorization", equalTo("Bearer sk-test")));
            int port = openai.port();
            openai.stop();
            ModelLookup closed = new ModelCatalog(http, URI.create("http://127.0.0.1:" + port + "/v1"), "", Duration.ofSeconds(1))
                    .lookup("gpt-realtime-2.1");
            System.out.println("closed port: expected Unreachable, actual " + closed);
            assertInstanceOf(ModelLookup.Unreachable.class, closed);
        } finally {
            openai.stop();
        }
    }
}
